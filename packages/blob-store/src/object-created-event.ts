import { createHash, randomUUID } from 'node:crypto';

/** A put into a local bucket, as `LocalBlobStoreOptions.onPut` reports it. */
export interface ObjectCreatedInput {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  /** Default `PutObject`. */
  readonly reason?: string;
}

/** The pretend account and region a local event comes from, and how it is stamped. */
export interface ObjectCreatedEnvironment {
  readonly account: string;
  readonly region: string;
  readonly now: () => Date;
  readonly newEventId: () => string;
}

/**
 * The S3 "Object Created" event AWS puts on the default bus when an object lands in a bucket with EventBridge
 * notifications on: the local S3's notification (the local runtime raises it for every put into a notifying
 * bucket; tests of consumers of S3 events build theirs with it).
 * @example buildObjectCreatedEvent({ bucket: 'video-uploads', key: 'uploads/c1/v1.mp4', size: 1024, etag })
 */
export function buildObjectCreatedEvent(
  input: ObjectCreatedInput,
  environment: Partial<ObjectCreatedEnvironment> = {},
) {
  // LocalStack's convention for "no real account".
  const account = environment.account ?? '000000000000';
  const now = (environment.now ?? (() => new Date()))();
  const id = (environment.newEventId ?? randomUUID)();
  return {
    version: '0',
    id,
    'detail-type': 'Object Created' as const,
    source: 'aws.s3' as const,
    account,
    // EventBridge stamps `time` to the second.
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: environment.region ?? 'us-east-1',
    resources: [`arn:aws:s3:::${input.bucket}`],
    detail: {
      version: '0',
      bucket: { name: input.bucket },
      object: {
        key: input.key,
        size: input.size,
        etag: input.etag,
        // S3's sequencer orders events per key; a hex timestamp has the same property locally.
        sequencer: now.getTime().toString(16).toUpperCase().padStart(18, '0'),
      },
      'request-id': createHash('sha256').update(id).digest('hex').slice(0, 16).toUpperCase(),
      requester: account,
      'source-ip-address': '127.0.0.1',
      reason: input.reason ?? 'PutObject',
    },
  };
}
