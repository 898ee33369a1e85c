import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { TranscodeRequest } from '../domain/transcode';
import { BackgroundJobs } from './background-jobs';
import { muxCaptionsArgs, runFfmpeg } from './ffmpeg';
import { buildMediaConvertJobStateChangeEvent } from './local-aws-events';
import type { LocalJobs, LocalStandInOptions } from './local-transcriber';
import type { Transcoder } from './transcoder';

export interface LocalTranscoderOptions extends LocalStandInOptions {
  /**
   * Finds the ffmpeg to run (see `detectFfmpeg`), asked once at the first job; undefined copies the upload
   * instead of transcoding it.
   */
  readonly findFfmpeg: () => Promise<string | undefined>;
}

// MediaConvert's error codes for the failures the stand-in can meet (User Guide, "Error codes").
const FILE_OPEN_ERROR = 1404;
const INPUT_ERROR = 1010;

/**
 * MediaConvert on one machine. With ffmpeg it really transcodes the upload to a web MP4 with the captions
 * muxed in as a subtitle track (locally a soft track; MediaConvert burns them in), and writes the sidecar
 * WebVTT; without ffmpeg it copies the upload unchanged and says so. Then it emits "MediaConvert Job State
 * Change" exactly as AWS does, with the job's user metadata and the files it wrote.
 */
export function createLocalTranscoder(options: LocalTranscoderOptions): Transcoder & LocalJobs {
  const { bucket, report, environment } = options;
  // MediaConvert returns the first job for a repeated ClientRequestToken; one job per video locally.
  const jobsByVideo = new Map<string, string>();
  const jobs = new BackgroundJobs((error) =>
    report(`local MediaConvert: could not emit its event: ${String(error)}`),
  );
  let ffmpeg: Promise<string | undefined> | undefined;

  async function emitError(
    jobId: string,
    request: TranscodeRequest,
    errorCode: number,
    errorMessage: string,
  ) {
    await options.putAwsEvent(
      buildMediaConvertJobStateChangeEvent(
        { jobId, status: 'ERROR', userMetadata: userMetadata(request), errorCode, errorMessage },
        environment,
      ),
    );
  }

  async function transcode(jobId: string, request: TranscodeRequest): Promise<void> {
    try {
      const source = await bucket.get(request.sourceKey);
      const captions = await bucket.get(request.captionsSourceKey);
      const missing = !source ? request.sourceKey : !captions ? request.captionsSourceKey : undefined;
      if (!source || !captions) {
        await emitError(
          jobId,
          request,
          FILE_OPEN_ERROR,
          `File Open Error: s3://${request.bucket}/${missing} not found`,
        );
        return;
      }
      ffmpeg ??= options.findFfmpeg();
      const ffmpegPath = await ffmpeg;
      const video = ffmpegPath ? await muxWithFfmpeg(ffmpegPath, request, source, captions) : source;
      await bucket.put(request.outputVideoKey, video, 'video/mp4');
      await bucket.put(request.outputCaptionsKey, captions, 'text/vtt');
      report(
        ffmpegPath
          ? `local MediaConvert ${jobId}: transcoded ${request.sourceKey} with captions muxed in → ${request.outputVideoKey} (+ ${request.outputCaptionsKey})`
          : `local MediaConvert ${jobId}: ffmpeg not found, so ${request.sourceKey} was COPIED unchanged (not transcoded, no captions inside) → ${request.outputVideoKey}; sidecar captions → ${request.outputCaptionsKey}`,
      );
      const uri = (key: string) => `s3://${request.bucket}/${key}`;
      await options.putAwsEvent(
        buildMediaConvertJobStateChangeEvent(
          {
            jobId,
            status: 'COMPLETE',
            userMetadata: userMetadata(request),
            outputs: [
              { filePaths: [uri(request.outputVideoKey)] },
              { filePaths: [uri(request.outputCaptionsKey)] },
            ],
          },
          environment,
        ),
      );
    } catch (error) {
      report(`local MediaConvert ${jobId} failed: ${String(error)}`);
      await emitError(jobId, request, INPUT_ERROR, error instanceof Error ? error.message : String(error));
    }
  }

  return {
    async createJob(request: TranscodeRequest) {
      if (request.bucket !== bucket.bucket) {
        throw new Error(`local MediaConvert serves bucket "${bucket.bucket}", not "${request.bucket}"`);
      }
      const existing = jobsByVideo.get(request.videoId);
      if (existing) return { jobId: existing };
      // MediaConvert job ids look like `1671476818694-phptj0`.
      const jobId = `${environment.now().getTime()}-${randomBytes(3).toString('hex')}`;
      jobsByVideo.set(request.videoId, jobId);
      jobs.run(() => transcode(jobId, request));
      return { jobId };
    },
    settled: () => jobs.settled(),
  };
}

function userMetadata(request: TranscodeRequest): Record<string, string> {
  return { videoId: request.videoId, courseId: request.courseId };
}

// ffmpeg works on files: stage the upload and captions in a temporary directory, always removed after.
async function muxWithFfmpeg(
  ffmpegPath: string,
  request: TranscodeRequest,
  source: Uint8Array,
  captions: Uint8Array,
): Promise<Uint8Array> {
  const directory = await mkdtemp(join(tmpdir(), 'sfe-video-'));
  try {
    const input = join(directory, `input${extname(request.sourceKey).toLowerCase()}`);
    const captionsFile = join(directory, 'captions.vtt');
    const output = join(directory, 'output.mp4');
    await writeFile(input, source);
    await writeFile(captionsFile, captions);
    await runFfmpeg(ffmpegPath, muxCaptionsArgs(input, captionsFile, output));
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
