import * as z from 'zod/mini';
import './english-messages';

// The platform table's single-table design: one schema per entity, keyed by pk/sk. Every item may carry the
// correlation (and causation) of the event it was written in reaction to, so derived events keep the chain.
const Timestamp = z.iso.datetime({ offset: true });

// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one (code units:
// no `u` flag). `String.prototype.isWellFormed` says the same but is ES2024, past this project's lib.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this refuses.
const REFUSED_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const REFUSED_TEXT_EVERYWHERE = new RegExp(REFUSED_TEXT.source, 'g');

/**
 * The text the platform accepts from people, decided once: any Unicode text except NUL (U+0000, which
 * PostgreSQL, C libraries and many log tools cut or refuse) and unpaired UTF-16 surrogates (not Unicode
 * characters: UTF-8, and so DynamoDB, S3 metadata and email, cannot encode them). Every string of every item
 * schema is `PlatformText`, so every entrance that builds an item refuses such values with an issue naming the field.
 */
export const PlatformText = z.string().check(
  z.refine(isAcceptedText, {
    error: 'must not contain NUL (U+0000) or unpaired surrogates (U+D800-U+DFFF)',
    abort: true,
  }),
);

/** Whether a string is text the platform accepts (see {@link PlatformText}). */
export function isAcceptedText(value: string): boolean {
  return !REFUSED_TEXT.test(value);
}

/** The string with each refused code unit (see {@link PlatformText}) replaced by U+FFFD, as decoders do. */
export function toAcceptedText(value: string): string {
  return value.replace(REFUSED_TEXT_EVERYWHERE, '\ufffd');
}

const Id = PlatformText.check(z.minLength(1), z.maxLength(128));

const ItemBase = z.object({
  pk: PlatformText.check(z.minLength(1)),
  sk: PlatformText.check(z.minLength(1)),
  correlationId: z.optional(z.uuid()),
  causationId: z.optional(z.uuid()),
  /** The `metadata.depth` of the causing event (absent = 0): derived events get it + 1 (the loop guard). */
  causationDepth: z.optional(z.number().check(z.int(), z.nonnegative())),
});

export const UserItemSchema = z.extend(ItemBase, {
  entityType: z.literal('USER'),
  userId: Id,
  email: z.email(),
  name: PlatformText.check(z.minLength(1)),
  status: z.enum(['active', 'deactivated']),
  createdAt: Timestamp,
  avatarUrl: z.optional(PlatformText),
});
export type UserItem = z.infer<typeof UserItemSchema>;

export const EnrolmentItemSchema = z.extend(ItemBase, {
  entityType: z.literal('ENROLMENT'),
  userId: Id,
  courseId: Id,
  courseTitle: PlatformText.check(z.minLength(1)),
  userName: PlatformText.check(z.minLength(1)),
  email: z.email(),
  enrolledAt: Timestamp,
  completedAt: z.optional(Timestamp),
  progress: z.number().check(z.gte(0), z.lte(100)),
});
export type EnrolmentItem = z.infer<typeof EnrolmentItemSchema>;

export const PaymentItemSchema = z.extend(ItemBase, {
  entityType: z.literal('PAYMENT'),
  paymentId: Id,
  userId: Id,
  courseId: Id,
  amount: z.number().check(z.int(), z.nonnegative()),
  currency: PlatformText.check(z.regex(/^[A-Z]{3}$/)),
  status: z.enum(['pending', 'complete', 'failed', 'refunded']),
  completedAt: z.optional(Timestamp),
  // Denormalised at write time so the payment's event can carry what a receipt needs.
  courseTitle: PlatformText.check(z.minLength(1)),
  userName: PlatformText.check(z.minLength(1)),
  email: z.email(),
});
export type PaymentItem = z.infer<typeof PaymentItemSchema>;

export const CertificateItemSchema = z.extend(ItemBase, {
  entityType: z.literal('CERTIFICATE'),
  certificateId: Id,
  userId: Id,
  courseId: Id,
  objectKey: PlatformText.check(z.minLength(1)),
  /**
   * The certificate's stable download address, owned by certificate-service (which writes it here, so it is
   * defined in one place): CertificateGenerated v2 carries it. Absent on items written before it existed.
   */
  downloadUrl: z.optional(z.pipe(PlatformText, z.url({ protocol: /^https?$/ }).check(z.maxLength(2048)))),
  issuedAt: Timestamp,
  courseTitle: PlatformText.check(z.minLength(1)),
  userName: PlatformText.check(z.minLength(1)),
  email: z.email(),
});
export type CertificateItem = z.infer<typeof CertificateItemSchema>;

export const VideoStatusSchema = z.enum(['uploaded', 'transcribing', 'transcoding', 'ready', 'failed']);
export type VideoStatus = z.infer<typeof VideoStatusSchema>;

export const VideoItemSchema = z.extend(ItemBase, {
  entityType: z.literal('VIDEO'),
  videoId: Id,
  courseId: Id,
  title: PlatformText.check(z.minLength(1)),
  status: VideoStatusSchema,
  sourceKey: PlatformText.check(z.minLength(1)),
  outputKey: z.optional(PlatformText.check(z.minLength(1))),
  captionsKey: z.optional(PlatformText.check(z.minLength(1))),
  failureReason: z.optional(PlatformText.check(z.minLength(1))),
});
export type VideoItem = z.infer<typeof VideoItemSchema>;

export const TicketItemSchema = z.extend(ItemBase, {
  entityType: z.literal('TICKET'),
  ticketId: Id,
  userId: Id,
  subject: PlatformText.check(z.minLength(1)),
  status: z.enum(['open', 'closed']),
  openedAt: Timestamp,
});
export type TicketItem = z.infer<typeof TicketItemSchema>;

/** Any item of the platform table, discriminated by `entityType`. */
export const PlatformItemSchema = z.discriminatedUnion('entityType', [
  UserItemSchema,
  EnrolmentItemSchema,
  PaymentItemSchema,
  CertificateItemSchema,
  VideoItemSchema,
  TicketItemSchema,
]);
export type PlatformItem = z.infer<typeof PlatformItemSchema>;
export type EntityType = PlatformItem['entityType'];
export const ENTITY_TYPES = [
  'USER',
  'ENROLMENT',
  'PAYMENT',
  'CERTIFICATE',
  'VIDEO',
  'TICKET',
] as const satisfies readonly EntityType[];
