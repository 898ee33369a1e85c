// Types only, erased from the bundle: the job is typed against the SDK's input so a misspelt setting fails the
// typecheck (the SDK's client is a devDependency, for these types and for tests).
import type { CreateJobCommandInput } from '@aws-sdk/client-mediaconvert';
import type { AwsRestJsonClient } from '@sfe/aws-fetch';
import { buildMediaConvertJob, type TranscodeRequest } from '../domain/transcode';
import type { Transcoder } from './transcoder';

/** Raised when MediaConvert accepts a job but returns no id (never documented to happen; fail loudly). */
export class MediaConvertResponseError extends Error {
  override name = 'MediaConvertResponseError';
}

/**
 * AWS Elemental MediaConvert's CreateJob through `@sfe/aws-fetch` (`createAwsRestJsonClient(MEDIACONVERT, ...)`),
 * not the SDK's MediaConvert client (~100 KB of the bundle, with its smithy runtime). It uses the regional
 * endpoint (`mediaconvert.<region>.amazonaws.com`), as current SDKs do; the account-specific endpoint from
 * DescribeEndpoints is no longer needed. MediaConvert reads and writes S3 as `roleArn`, which the caller must be
 * allowed to pass.
 */
export function createAwsTranscoder(
  mediaConvert: AwsRestJsonClient,
  options: { readonly roleArn: string },
): Transcoder {
  return {
    async createJob(request: TranscodeRequest) {
      const input: CreateJobCommandInput = buildMediaConvertJob(request, options);
      const response = await mediaConvert.call<{ job?: { id?: string } }>(
        'POST',
        '/2017-08-29/jobs',
        toWireJson(input) as Record<string, unknown>,
      );
      const jobId = response.job?.id;
      if (!jobId)
        throw new MediaConvertResponseError(`MediaConvert returned no job id for video ${request.videoId}`);
      return { jobId };
    },
  };
}

/**
 * Members whose value is a map with names of our choosing (`"Audio Selector 1"`, `videoId`): their keys are sent
 * as they are. Every other member's JSON name is its SDK name in lower camel case.
 */
const MAP_MEMBERS = new Set([
  'AudioSelectors',
  'AudioSelectorGroups',
  'CaptionSelectors',
  'UserMetadata',
  'Tags',
]);

/**
 * The SDK's input in MediaConvert's wire JSON (`{ Role, Settings: { Inputs } }` → `{ role, settings: { inputs } }`),
 * as its serializer writes it: hand-written for the members our jobs use (checked against the SDK's serializer
 * on the job the domain builds, in the test), so a new map-valued member must be added to `MAP_MEMBERS`.
 */
function toWireJson(value: unknown, keepKeys = false): unknown {
  if (Array.isArray(value)) return value.map((element) => toWireJson(element));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .map(([name, member]) => [
        keepKeys ? name : `${name.charAt(0).toLowerCase()}${name.slice(1)}`,
        keepKeys ? toWireJson(member) : toWireJson(member, MAP_MEMBERS.has(name)),
      ]),
  );
}
