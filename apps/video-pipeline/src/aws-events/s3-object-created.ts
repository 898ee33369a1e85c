import { EventBridgeEnvelopeSchema } from '@sfe/consumer-toolkit';
import * as z from 'zod/mini';

export const S3_SOURCE = 'aws.s3';
export const OBJECT_CREATED = 'Object Created';

/**
 * `detail` of S3's "Object Created" event on EventBridge (S3 User Guide, "EventBridge event message
 * structure"). Written here rather than taken from Powertools' S3 schema because that one types
 * `source-ip-address` as IPv4 only, and uploads over S3's dual-stack endpoints arrive from IPv6 addresses.
 */
export const S3ObjectCreatedDetailSchema = z.looseObject({
  version: z.string(),
  bucket: z.object({ name: z.string().check(z.minLength(1)) }),
  object: z.looseObject({
    key: z.string().check(z.minLength(1)),
    size: z.number().check(z.int(), z.nonnegative()),
    etag: z.string().check(z.minLength(1)),
    'version-id': z.optional(z.string()),
    sequencer: z.string().check(z.minLength(1)),
  }),
  'request-id': z.string(),
  requester: z.string(),
  'source-ip-address': z.optional(z.string()),
  /** `PutObject`, `POST Object`, `CopyObject` or `CompleteMultipartUpload`. */
  reason: z.string().check(z.minLength(1)),
});

/** An S3 "Object Created" event exactly as EventBridge delivers it. */
export const S3ObjectCreatedEventSchema = z.extend(EventBridgeEnvelopeSchema, {
  source: z.literal(S3_SOURCE),
  'detail-type': z.literal(OBJECT_CREATED),
  detail: S3ObjectCreatedDetailSchema,
});
export type S3ObjectCreatedEvent = z.infer<typeof S3ObjectCreatedEventSchema>;
