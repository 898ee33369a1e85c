import {
  CreateJobCommand,
  type CreateJobCommandInput,
  type MediaConvertClient,
} from '@aws-sdk/client-mediaconvert';
import { buildMediaConvertJob, type TranscodeRequest } from '../domain/transcode';
import type { Transcoder } from './transcoder';

/** Raised when MediaConvert accepts a job but returns no id (never documented to happen; fail loudly). */
export class MediaConvertResponseError extends Error {
  override name = 'MediaConvertResponseError';
}

/**
 * AWS Elemental MediaConvert. Current SDKs send requests to the regional endpoint
 * (`mediaconvert.<region>.amazonaws.com`); the account-specific endpoint from DescribeEndpoints is no longer
 * needed. MediaConvert reads and writes S3 as `roleArn`, which the caller must be allowed to pass.
 */
export function createAwsTranscoder(
  client: MediaConvertClient,
  options: { readonly roleArn: string },
): Transcoder {
  return {
    async createJob(request: TranscodeRequest) {
      // Typed against the SDK here (not in the domain) so a misspelt setting fails the typecheck.
      const input: CreateJobCommandInput = buildMediaConvertJob(request, options);
      const response = await client.send(new CreateJobCommand(input));
      const jobId = response.Job?.Id;
      if (!jobId)
        throw new MediaConvertResponseError(`MediaConvert returned no job id for video ${request.videoId}`);
      return { jobId };
    },
  };
}
