import { buildObjectCreatedEvent } from '@sfe/blob-store';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fixtures';
import {
  MediaConvertJobStateChangeEventSchema,
  S3ObjectCreatedEventSchema,
  TranscribeJobStateChangeEventSchema,
} from '../aws-events';
import {
  buildMediaConvertJobStateChangeEvent,
  buildTranscribeJobStateChangeEvent,
  localAwsEnvironment,
} from './local-aws-events';

const environment = localAwsEnvironment({
  now: () => new Date('2026-11-23T10:15:00.123Z'),
  newEventId: () => '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
});

// Same keys at every level as AWS's example: the stand-ins produce AWS's shape, not a look-alike.
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shape((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value;
}

describe('buildObjectCreatedEvent (the local S3 of @sfe/blob-store)', () => {
  it('builds S3 Object Created exactly as EventBridge delivers it', () => {
    const event = buildObjectCreatedEvent(
      {
        bucket: 'video-uploads',
        key: 'uploads/c1/v1.mp4',
        size: 1024,
        etag: 'b1946ac92492d2347c6235b4d2611184',
      },
      environment,
    );
    expect(event).toStrictEqual({
      version: '0',
      id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '000000000000',
      time: '2026-11-23T10:15:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::video-uploads'],
      detail: {
        version: '0',
        bucket: { name: 'video-uploads' },
        object: {
          key: 'uploads/c1/v1.mp4',
          size: 1024,
          etag: 'b1946ac92492d2347c6235b4d2611184',
          sequencer: '00000001A207E6DD1B',
        },
        'request-id': event.detail['request-id'],
        requester: '000000000000',
        'source-ip-address': '127.0.0.1',
        reason: 'PutObject',
      },
    });
    expect(event.detail['request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(S3ObjectCreatedEventSchema.parse(event)).toStrictEqual(event);
    const documented = fixture('s3-object-created.aws-docs');
    delete documented.detail.object['version-id']; // only on versioned buckets
    expect(shape(event)).toStrictEqual(shape(documented));
  });
});

describe('buildTranscribeJobStateChangeEvent', () => {
  it('builds COMPLETED and FAILED in the shape of the Transcribe guide', () => {
    const completed = buildTranscribeJobStateChangeEvent(
      { jobName: 'sfe-v1', status: 'COMPLETED' },
      environment,
    );
    const failed = buildTranscribeJobStateChangeEvent(
      { jobName: 'sfe-v1', status: 'FAILED', failureReason: 'no audio' },
      environment,
    );
    expect(TranscribeJobStateChangeEventSchema.parse(completed)).toStrictEqual(completed);
    expect(shape(completed)).toStrictEqual(shape(fixture('transcribe-job-state-change.completed')));
    expect(shape(failed)).toStrictEqual(shape(fixture('transcribe-job-state-change.failed')));
    expect(failed.detail).toStrictEqual({
      TranscriptionJobName: 'sfe-v1',
      TranscriptionJobStatus: 'FAILED',
      FailureReason: 'no audio',
    });
  });
});

describe('buildMediaConvertJobStateChangeEvent', () => {
  it('builds COMPLETE with the files written and ERROR with code and message', () => {
    const userMetadata = { videoId: 'v1', courseId: 'c1' };
    const complete = buildMediaConvertJobStateChangeEvent(
      {
        jobId: 'j1',
        status: 'COMPLETE',
        userMetadata,
        outputs: [{ filePaths: ['s3://b/processed/c1/v1/v1.mp4'] }],
      },
      environment,
    );
    const error = buildMediaConvertJobStateChangeEvent(
      { jobId: 'j1', status: 'ERROR', userMetadata, errorCode: 1404, errorMessage: 'File Open Error' },
      environment,
    );
    expect(MediaConvertJobStateChangeEventSchema.parse(complete)).toStrictEqual(complete);
    expect(complete.detail.outputGroupDetails).toStrictEqual([
      { outputDetails: [{ outputFilePaths: ['s3://b/processed/c1/v1/v1.mp4'] }], type: 'FILE_GROUP' },
    ]);
    expect(complete.resources).toStrictEqual(['arn:aws:mediaconvert:us-east-1:000000000000:jobs/j1']);
    expect(shape(error)).toStrictEqual(shape(fixture('mediaconvert-job-state-change.error')));
    expect(error.detail.errorMessage).toBe('File Open Error');
  });
});
