import type { TranscodeRequest } from '../domain/transcode';

/** Transcoding with captions: AWS Elemental MediaConvert in AWS, a stand-in (ffmpeg) locally. */
export interface Transcoder {
  /** Submits the transcode job; resolves with the job's id once it is accepted (it finishes later). */
  createJob(request: TranscodeRequest): Promise<{ readonly jobId: string }>;
}
