import type { TranscriptionRequest } from '../domain/transcription';

/** Whether a start request created the job or found it already there (a re-delivered upload event). */
export type StartOutcome = 'started' | 'already-started';

/** Speech-to-text with subtitle output: Amazon Transcribe in AWS, a stand-in locally. */
export interface Transcriber {
  /**
   * Starts the job named in the request. Idempotent: a job with that name already existing counts as
   * started (`already-started`), so a retried upload never starts a second transcription.
   */
  start(request: TranscriptionRequest): Promise<StartOutcome>;
}
