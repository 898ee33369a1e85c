import { z } from 'zod';

// The platform table's single-table design: one schema per entity, keyed by pk/sk. Every item may carry the
// correlation (and causation) of the event it was written in reaction to, so derived events keep the chain.
const Timestamp = z.iso.datetime({ offset: true });
const Id = z.string().min(1).max(128);

const ItemBase = z.object({
  pk: z.string().min(1),
  sk: z.string().min(1),
  correlationId: z.uuid().optional(),
  causationId: z.uuid().optional(),
  /** The `metadata.depth` of the causing event (absent = 0): derived events get it + 1 (the loop guard). */
  causationDepth: z.number().int().nonnegative().optional(),
});

export const UserItemSchema = ItemBase.extend({
  entityType: z.literal('USER'),
  userId: Id,
  email: z.email(),
  name: z.string().min(1),
  status: z.enum(['active', 'deactivated']),
  createdAt: Timestamp,
  avatarUrl: z.string().optional(),
});
export type UserItem = z.infer<typeof UserItemSchema>;

export const EnrolmentItemSchema = ItemBase.extend({
  entityType: z.literal('ENROLMENT'),
  userId: Id,
  courseId: Id,
  courseTitle: z.string().min(1),
  userName: z.string().min(1),
  email: z.email(),
  enrolledAt: Timestamp,
  completedAt: Timestamp.optional(),
  progress: z.number().min(0).max(100),
});
export type EnrolmentItem = z.infer<typeof EnrolmentItemSchema>;

export const PaymentItemSchema = ItemBase.extend({
  entityType: z.literal('PAYMENT'),
  paymentId: Id,
  userId: Id,
  courseId: Id,
  amount: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.enum(['pending', 'complete', 'failed', 'refunded']),
  completedAt: Timestamp.optional(),
  // Denormalised at write time so the payment's event can carry what a receipt needs.
  courseTitle: z.string().min(1),
  userName: z.string().min(1),
  email: z.email(),
});
export type PaymentItem = z.infer<typeof PaymentItemSchema>;

export const CertificateItemSchema = ItemBase.extend({
  entityType: z.literal('CERTIFICATE'),
  certificateId: Id,
  userId: Id,
  courseId: Id,
  objectKey: z.string().min(1),
  issuedAt: Timestamp,
  courseTitle: z.string().min(1),
  userName: z.string().min(1),
  email: z.email(),
});
export type CertificateItem = z.infer<typeof CertificateItemSchema>;

export const VideoStatusSchema = z.enum(['uploaded', 'transcribing', 'transcoding', 'ready', 'failed']);
export type VideoStatus = z.infer<typeof VideoStatusSchema>;

export const VideoItemSchema = ItemBase.extend({
  entityType: z.literal('VIDEO'),
  videoId: Id,
  courseId: Id,
  title: z.string().min(1),
  status: VideoStatusSchema,
  sourceKey: z.string().min(1),
  outputKey: z.string().min(1).optional(),
  captionsKey: z.string().min(1).optional(),
  failureReason: z.string().min(1).optional(),
});
export type VideoItem = z.infer<typeof VideoItemSchema>;

export const TicketItemSchema = ItemBase.extend({
  entityType: z.literal('TICKET'),
  ticketId: Id,
  userId: Id,
  subject: z.string().min(1),
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
