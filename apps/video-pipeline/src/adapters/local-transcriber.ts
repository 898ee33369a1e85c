import type { BlobStore } from '@sfe/blob-store';
import type { AwsServiceEvent } from '../aws-events';
import type { TranscriptionRequest } from '../domain/transcription';
import { BackgroundJobs } from './background-jobs';
import { buildTranscribeJobStateChangeEvent, type LocalAwsEnvironment } from './local-aws-events';
import { buildCues, PLACEHOLDER_TRANSCRIPT, toSrt, toWebVtt } from './local-captions';
import type { StartOutcome, Transcriber } from './transcriber';

/** Hands an AWS service event to the local runtime, which routes it on its default bus. */
export type PutAwsEvent = (event: AwsServiceEvent) => void | Promise<void>;

export interface LocalStandInOptions {
  /** The local uploads bucket (the request's bucket must be this one). */
  readonly bucket: BlobStore;
  readonly putAwsEvent: PutAwsEvent;
  readonly environment: LocalAwsEnvironment;
  readonly report: (line: string) => void;
}

/** A local job runner whose jobs can be awaited. */
export interface LocalJobs {
  /** Resolves once every job started so far has finished and emitted its state-change event. */
  settled(): Promise<void>;
}

/**
 * Transcribe on one machine: takes the spoken text from `uploads/<courseId>/<videoId>.txt` when there is one
 * (else a clearly marked placeholder), writes the transcript JSON, WebVTT and SRT where Transcribe would, then
 * emits "Transcribe Job State Change" exactly as AWS does. Job names are unique, as in Transcribe.
 */
export function createLocalTranscriber(options: LocalStandInOptions): Transcriber & LocalJobs {
  const { bucket, report } = options;
  const started = new Set<string>();
  const jobs = new BackgroundJobs((error) =>
    report(`local Transcribe: could not emit its event: ${String(error)}`),
  );

  async function emit(
    jobName: string,
    status: 'COMPLETED' | 'FAILED',
    failureReason?: string,
  ): Promise<void> {
    const input = status === 'FAILED' ? { jobName, status, failureReason } : { jobName, status };
    await options.putAwsEvent(buildTranscribeJobStateChangeEvent(input, options.environment));
  }

  async function transcribe(request: TranscriptionRequest): Promise<void> {
    const { jobName } = request;
    try {
      if (!(await bucket.exists(request.mediaKey))) {
        await emit(
          jobName,
          'FAILED',
          `The media file s3://${request.bucket}/${request.mediaKey} can't be accessed.`,
        );
        return;
      }
      const sidecarKey = request.mediaKey.replace(/\.[^./]+$/, '.txt');
      const sidecar = await bucket.get(sidecarKey);
      const transcript = sidecar ? Buffer.from(sidecar).toString('utf8').trim() : '';
      const text = transcript.length > 0 ? transcript : PLACEHOLDER_TRANSCRIPT;
      const cues = buildCues(text);
      // Transcribe names its files after the job inside the OutputKey folder.
      const base = `${request.outputKey}${jobName}`;
      const output = {
        jobName,
        accountId: options.environment.account,
        status: 'COMPLETED',
        results: { transcripts: [{ transcript: text }], items: [] },
      };
      await bucket.put(`${base}.json`, JSON.stringify(output, null, 2), 'application/json');
      await bucket.put(`${base}.vtt`, toWebVtt(cues), 'text/vtt');
      await bucket.put(`${base}.srt`, toSrt(cues), 'application/x-subrip');
      report(
        `local Transcribe ${jobName}: ${cues.length} caption cues from ${sidecar ? sidecarKey : 'a placeholder (no transcript file)'} → ${base}.vtt, .srt`,
      );
      await emit(jobName, 'COMPLETED');
    } catch (error) {
      report(`local Transcribe ${jobName} failed: ${String(error)}`);
      await emit(jobName, 'FAILED', error instanceof Error ? error.message : String(error));
    }
  }

  return {
    async start(request: TranscriptionRequest): Promise<StartOutcome> {
      if (request.bucket !== bucket.bucket) {
        throw new Error(`local Transcribe serves bucket "${bucket.bucket}", not "${request.bucket}"`);
      }
      const transcriptKey = `${request.outputKey}${request.jobName}.json`;
      if (started.has(request.jobName) || (await bucket.exists(transcriptKey))) return 'already-started';
      started.add(request.jobName);
      jobs.run(() => transcribe(request));
      return 'started';
    },
    settled: () => jobs.settled(),
  };
}
