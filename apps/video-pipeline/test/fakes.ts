import type { Transcoder } from '../src/adapters/transcoder';
import type { StartOutcome, Transcriber } from '../src/adapters/transcriber';
import type { TranscodeRequest } from '../src/domain/transcode';
import type { TranscriptionRequest } from '../src/domain/transcription';

/** A Transcriber that records requests and, like Transcribe, refuses a job name it has seen. */
export class RecordingTranscriber implements Transcriber {
  readonly requests: TranscriptionRequest[] = [];
  failWith: Error | undefined;

  async start(request: TranscriptionRequest): Promise<StartOutcome> {
    if (this.failWith) throw this.failWith;
    const seen = this.requests.some((previous) => previous.jobName === request.jobName);
    this.requests.push(request);
    return seen ? 'already-started' : 'started';
  }
}

/** A Transcoder that records requests and answers with numbered job ids. */
export class RecordingTranscoder implements Transcoder {
  readonly requests: TranscodeRequest[] = [];
  failWith: Error | undefined;

  async createJob(request: TranscodeRequest) {
    if (this.failWith) throw this.failWith;
    this.requests.push(request);
    return { jobId: `job-${this.requests.length}` };
  }
}
