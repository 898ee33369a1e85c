import * as z from 'zod/mini';
import './english-messages';

/** The coarse business areas an event belongs to. */
export const DOMAINS = ['user', 'course', 'certificate', 'video', 'supportTicket'] as const;
export const DomainSchema = z.enum(DOMAINS);
export type Domain = z.infer<typeof DomainSchema>;

/** Every one of our producers names itself `sfe-<something>`, so our events are obvious on a shared bus. */
export const SOURCE_PREFIX = 'sfe-';

/** Standard metadata attached to every event (`detail.metadata`). */
export const EventMetadataSchema = z.object({
  id: z.uuid(),
  type: z.string().check(z.minLength(1)),
  version: z.number().check(z.int(), z.positive()),
  created: z.iso.datetime({ offset: true }),
  correlationId: z.uuid(),
  causationId: z.optional(z.uuid()),
  domain: DomainSchema,
  // A regex rather than `startsWith`: zod renders startsWith as `format: "starts_with"`, not a JSON Schema format.
  source: z
    .string()
    .check(z.regex(/^sfe-\S+$/, `source must start with "${SOURCE_PREFIX}" (e.g. sfe-stream-processor)`)),
  createdBy: z.optional(z.string().check(z.minLength(1))),
  /**
   * How many causal steps led to this event: absent (= 0) for one derived from a person's own write, the
   * cause's depth + 1 for one caused by another event. Consumers refuse events past a limit (a loop guard).
   * Optional, so events published before it existed read as depth 0.
   */
  depth: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type EventMetadata = z.infer<typeof EventMetadataSchema>;

/** A payload stored elsewhere (claim check): where to fetch it and how to verify it. */
export const ClaimCheckReferenceSchema = z.object({
  claimCheck: z.object({
    url: z.url(),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits')),
    bytes: z.number().check(z.int(), z.nonnegative()),
  }),
});
export type ClaimCheckReference = z.infer<typeof ClaimCheckReferenceSchema>;

/** The envelope shape before the payload is known: what `detail` must look like for any event. */
export const EventDetailSchema = z.object({
  metadata: EventMetadataSchema,
  data: z.record(z.string(), z.unknown()),
});

/**
 * The causal depth of an event: `metadata.depth`, or 0 when absent (a root event, or one published before the
 * field existed).
 */
export function eventDepth(event: { readonly metadata: { readonly depth?: number } }): number {
  return event.metadata.depth ?? 0;
}
