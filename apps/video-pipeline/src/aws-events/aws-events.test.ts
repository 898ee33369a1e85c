import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fixtures';
import {
  MediaConvertJobStateChangeEventSchema,
  S3ObjectCreatedEventSchema,
  TranscribeJobStateChangeEventSchema,
} from './index';

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('S3ObjectCreatedEventSchema', () => {
  it('accepts the Object Created example from the S3 User Guide, unchanged', () => {
    const event = fixture('s3-object-created.aws-docs');
    expect(S3ObjectCreatedEventSchema.parse(event)).toStrictEqual(event);
  });

  it('accepts an upload delivered from an IPv6 address (S3 dual-stack endpoints)', () => {
    const event = fixture('s3-object-created.upload');
    event.detail['source-ip-address'] = '2001:db8::7334';
    expect(S3ObjectCreatedEventSchema.parse(event).detail['source-ip-address']).toBe('2001:db8::7334');
  });

  it('rejects an event without an object key or size, naming both fields', () => {
    const event = fixture('s3-object-created.upload');
    delete event.detail.object.key;
    event.detail.object.size = 'large';
    const result = S3ObjectCreatedEventSchema.safeParse(event);
    expect(issuePaths(result)).toStrictEqual(['detail.object.key', 'detail.object.size']);
  });

  it('rejects another S3 event type (Object Deleted)', () => {
    const event = fixture('s3-object-created.upload');
    event['detail-type'] = 'Object Deleted';
    expect(issuePaths(S3ObjectCreatedEventSchema.safeParse(event))).toStrictEqual(['detail-type']);
  });
});

describe('TranscribeJobStateChangeEventSchema', () => {
  it('accepts COMPLETED and FAILED (with FailureReason) events shaped as in the Transcribe guide', () => {
    for (const name of [
      'transcribe-job-state-change.completed',
      'transcribe-job-state-change.failed',
    ] as const) {
      const event = fixture(name);
      expect(TranscribeJobStateChangeEventSchema.parse(event)).toStrictEqual(event);
    }
  });

  it('rejects an unknown job status and a missing job name', () => {
    const event = fixture('transcribe-job-state-change.completed');
    event.detail.TranscriptionJobStatus = 'DONE';
    delete event.detail.TranscriptionJobName;
    expect(issuePaths(TranscribeJobStateChangeEventSchema.safeParse(event))).toStrictEqual([
      'detail.TranscriptionJobName',
      'detail.TranscriptionJobStatus',
    ]);
  });

  it('rejects an event whose time is not an ISO timestamp', () => {
    const event = fixture('transcribe-job-state-change.completed');
    event.time = 'timestamp';
    expect(issuePaths(TranscribeJobStateChangeEventSchema.safeParse(event))).toStrictEqual(['time']);
  });
});

describe('MediaConvertJobStateChangeEventSchema', () => {
  it('accepts the ERROR example from the MediaConvert guide, unchanged', () => {
    const event = fixture('mediaconvert-job-state-change.error.aws-docs');
    expect(MediaConvertJobStateChangeEventSchema.parse(event)).toStrictEqual(event);
  });

  it('accepts COMPLETE with output paths and ERROR with code and message for our jobs', () => {
    for (const name of [
      'mediaconvert-job-state-change.complete',
      'mediaconvert-job-state-change.error',
    ] as const) {
      const event = fixture(name);
      expect(MediaConvertJobStateChangeEventSchema.parse(event)).toStrictEqual(event);
    }
  });

  it('rejects user metadata that is not a string map and an output path list that is not a list', () => {
    const event = fixture('mediaconvert-job-state-change.complete');
    event.detail.userMetadata = { videoId: 42 };
    event.detail.outputGroupDetails[0].outputDetails[0].outputFilePaths = 's3://bucket/file.mp4';
    expect(issuePaths(MediaConvertJobStateChangeEventSchema.safeParse(event))).toStrictEqual([
      'detail.userMetadata.videoId',
      'detail.outputGroupDetails.0.outputDetails.0.outputFilePaths',
    ]);
  });
});
