import { z } from 'zod';

/** The coarse business areas an event belongs to. */
export const DOMAINS = ['user', 'course', 'certificate', 'video', 'supportTicket'] as const;
export const DomainSchema = z.enum(DOMAINS);
export type Domain = z.infer<typeof DomainSchema>;

/** Every one of our producers names itself `sfe-<something>`, so our events are obvious on a shared bus. */
export const SOURCE_PREFIX = 'sfe-';

/** Standard metadata attached to every event (`detail.metadata`). */
export const EventMetadataSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  created: z.iso.datetime({ offset: true }),
  correlationId: z.uuid(),
  causationId: z.uuid().optional(),
  domain: DomainSchema,
  // A regex rather than `startsWith`: zod renders startsWith as `format: "starts_with"`, not a JSON Schema format.
  source: z
    .string()
    .regex(/^sfe-\S+$/, `source must start with "${SOURCE_PREFIX}" (e.g. sfe-stream-processor)`),
  createdBy: z.string().min(1).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadataSchema>;

/** A payload stored elsewhere (claim check): where to fetch it and how to verify it. */
export const ClaimCheckReferenceSchema = z.object({
  claimCheck: z.object({
    url: z.url(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
    bytes: z.number().int().nonnegative(),
  }),
});
export type ClaimCheckReference = z.infer<typeof ClaimCheckReferenceSchema>;

/** The envelope shape before the payload is known: what `detail` must look like for any event. */
export const EventDetailSchema = z.object({
  metadata: EventMetadataSchema,
  data: z.record(z.string(), z.unknown()),
});
