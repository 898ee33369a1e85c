import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';

export const S3_SOURCE = 'aws.s3';
export const OBJECT_CREATED = 'Object Created';

/**
 * `detail` of S3's "Object Created" event on EventBridge (S3 User Guide, "EventBridge event message
 * structure"). Written here rather than taken from Powertools' S3 schema because that one types
 * `source-ip-address` as IPv4 only, and uploads over S3's dual-stack endpoints arrive from IPv6 addresses.
 */
export const S3ObjectCreatedDetailSchema = z.looseObject({
  version: z.string(),
  bucket: z.object({ name: z.string().min(1) }),
  object: z.looseObject({
    key: z.string().min(1),
    size: z.number().int().nonnegative(),
    etag: z.string().min(1),
    'version-id': z.string().optional(),
    sequencer: z.string().min(1),
  }),
  'request-id': z.string(),
  requester: z.string(),
  'source-ip-address': z.string().optional(),
  /** `PutObject`, `POST Object`, `CopyObject` or `CompleteMultipartUpload`. */
  reason: z.string().min(1),
});

/** An S3 "Object Created" event exactly as EventBridge delivers it. */
export const S3ObjectCreatedEventSchema = EventBridgeSchema.extend({
  source: z.literal(S3_SOURCE),
  'detail-type': z.literal(OBJECT_CREATED),
  detail: S3ObjectCreatedDetailSchema,
});
export type S3ObjectCreatedEvent = z.infer<typeof S3ObjectCreatedEventSchema>;
