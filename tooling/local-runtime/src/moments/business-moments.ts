import { randomUUID } from 'node:crypto';
import type { BlobStore } from '@sfe/blob-store';
import {
  ConditionFailedError,
  type EnrolmentItem,
  EnrolmentItemSchema,
  keys,
  type PaymentItem,
  PaymentItemSchema,
  PlatformText,
  type TableStore,
  type TicketItem,
  TicketItemSchema,
  type UserItem,
  UserItemSchema,
} from '@sfe/records';
import * as z from 'zod/mini';

/** A business moment could not happen (unknown user, already done, bad input): `status` is its HTTP status. */
export class MomentError extends Error {
  override name = 'MomentError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
  ) {
    super(message);
  }
}

const Id = PlatformText.check(
  z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'ids are letters, digits, _ and -'),
);

export const SignUpInputSchema = z.object({
  userId: z.optional(Id),
  email: z.email(),
  name: PlatformText.check(z.minLength(1), z.maxLength(256)),
});
export const EnrolInputSchema = z.object({
  userId: Id,
  courseId: Id,
  courseTitle: PlatformText.check(z.minLength(1), z.maxLength(256)),
});
export const PayInputSchema = z.object({
  userId: Id,
  courseId: Id,
  paymentId: z.optional(Id),
  amount: z.number().check(z.int(), z.nonnegative()),
  currency: z._default(z.string().check(z.regex(/^[A-Z]{3}$/)), 'GBP'),
});
export const CompleteCourseInputSchema = z.object({ userId: Id, courseId: Id });
export const OpenTicketInputSchema = z.object({
  userId: Id,
  ticketId: z.optional(Id),
  subject: PlatformText.check(z.minLength(1), z.maxLength(1024)),
});
export const DeactivateInputSchema = z.object({ userId: Id });
export const RefundInputSchema = z.object({ userId: Id, paymentId: Id });
export const UploadVideoInputSchema = z.object({
  courseId: Id,
  videoId: z.optional(Id),
  /** The video's bytes, base64; the runtime's one-second sample clip when absent. */
  contentBase64: z.optional(z.string()),
  /** Spoken text the local Transcribe stand-in uses for captions. */
  transcript: z.optional(PlatformText),
});

/** What a moment wrote, and the correlation id every event of its chain carries. */
export interface MomentResult {
  readonly moment: string;
  readonly correlationId?: string;
  readonly ids: Record<string, string>;
  readonly wrote: readonly string[];
}

export interface BusinessMomentsOptions {
  readonly table: TableStore;
  readonly uploads: BlobStore;
  readonly sampleVideo: () => Promise<Uint8Array>;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/**
 * The platform's business moments as the application performs them: each writes items of the platform table
 * (nothing else), so every event that follows comes from the committed change, through the stream. Items
 * carry a fresh correlation id, so the whole chain of reactions to one moment can be followed.
 */
export function createBusinessMoments(options: BusinessMomentsOptions) {
  const { table } = options;
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const newId = options.newId ?? randomUUID;

  async function user(userId: string): Promise<UserItem> {
    const item = await table.get(keys.user(userId));
    if (!item) throw new MomentError(`no user ${userId}: sign up first`, 404);
    return UserItemSchema.parse(item);
  }

  async function enrolment(userId: string, courseId: string): Promise<EnrolmentItem> {
    const item = await table.get(keys.enrolment(userId, courseId));
    if (!item) throw new MomentError(`user ${userId} is not enrolled on ${courseId}: enrol first`, 404);
    return EnrolmentItemSchema.parse(item);
  }

  async function write(moment: string, run: () => Promise<void>, conflict: string): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof ConditionFailedError) throw new MomentError(`${moment}: ${conflict}`, 409);
      throw error;
    }
  }

  return {
    async signUp(input: unknown): Promise<MomentResult> {
      const { userId = `u-${newId().slice(0, 8)}`, email, name } = parse(SignUpInputSchema, input);
      const correlationId = newId();
      const item: UserItem = UserItemSchema.parse({
        ...keys.user(userId),
        entityType: 'USER',
        userId,
        email,
        name,
        status: 'active',
        createdAt: now(),
        correlationId,
      });
      await write(
        'sign-up',
        () => table.transact([{ kind: 'put', item, condition: { kind: 'notExists' } }]),
        `user ${userId} exists`,
      );
      return { moment: 'sign-up', correlationId, ids: { userId }, wrote: [`${item.pk} ${item.sk}`] };
    },

    async enrol(input: unknown): Promise<MomentResult> {
      const { userId, courseId, courseTitle } = parse(EnrolInputSchema, input);
      const learner = await user(userId);
      const correlationId = newId();
      const item: EnrolmentItem = EnrolmentItemSchema.parse({
        ...keys.enrolment(userId, courseId),
        entityType: 'ENROLMENT',
        userId,
        courseId,
        courseTitle,
        userName: learner.name,
        email: learner.email,
        enrolledAt: now(),
        progress: 0,
        correlationId,
      });
      await write(
        'enrol',
        () => table.transact([{ kind: 'put', item, condition: { kind: 'notExists' } }]),
        `${userId} is already enrolled on ${courseId}`,
      );
      return { moment: 'enrol', correlationId, ids: { userId, courseId }, wrote: [`${item.pk} ${item.sk}`] };
    },

    async pay(input: unknown): Promise<MomentResult> {
      const {
        userId,
        courseId,
        amount,
        currency,
        paymentId = `p-${newId().slice(0, 8)}`,
      } = parse(PayInputSchema, input);
      const course = await enrolment(userId, courseId);
      const correlationId = newId();
      const at = now();
      const item: PaymentItem = PaymentItemSchema.parse({
        ...keys.payment(userId, paymentId),
        entityType: 'PAYMENT',
        paymentId,
        userId,
        courseId,
        amount,
        currency,
        status: 'complete',
        completedAt: at,
        courseTitle: course.courseTitle,
        userName: course.userName,
        email: course.email,
        correlationId,
      });
      await write(
        'pay',
        () => table.transact([{ kind: 'put', item, condition: { kind: 'notExists' } }]),
        `payment ${paymentId} exists`,
      );
      return {
        moment: 'pay',
        correlationId,
        ids: { userId, courseId, paymentId },
        wrote: [`${item.pk} ${item.sk}`],
      };
    },

    async completeCourse(input: unknown): Promise<MomentResult> {
      const { userId, courseId } = parse(CompleteCourseInputSchema, input);
      await enrolment(userId, courseId);
      const correlationId = newId();
      const key = keys.enrolment(userId, courseId);
      await write(
        'complete-course',
        () =>
          table.transact([
            {
              kind: 'update',
              key,
              set: { completedAt: now(), progress: 100, correlationId },
              condition: { kind: 'attributesEqual', attributes: { completedAt: undefined } },
            },
          ]),
        `${userId} already completed ${courseId}`,
      );
      return {
        moment: 'complete-course',
        correlationId,
        ids: { userId, courseId },
        wrote: [`${key.pk} ${key.sk}`],
      };
    },

    async openTicket(input: unknown): Promise<MomentResult> {
      const { userId, subject, ticketId = `t-${newId().slice(0, 8)}` } = parse(OpenTicketInputSchema, input);
      await user(userId);
      const correlationId = newId();
      const item: TicketItem = TicketItemSchema.parse({
        ...keys.ticket(ticketId),
        entityType: 'TICKET',
        ticketId,
        userId,
        subject,
        status: 'open',
        openedAt: now(),
        correlationId,
      });
      await write(
        'open-ticket',
        () => table.transact([{ kind: 'put', item, condition: { kind: 'notExists' } }]),
        `ticket ${ticketId} exists`,
      );
      return {
        moment: 'open-ticket',
        correlationId,
        ids: { userId, ticketId },
        wrote: [`${item.pk} ${item.sk}`],
      };
    },

    async deactivate(input: unknown): Promise<MomentResult> {
      const { userId } = parse(DeactivateInputSchema, input);
      await user(userId);
      const correlationId = newId();
      const key = keys.user(userId);
      await write(
        'deactivate',
        () =>
          table.transact([
            {
              kind: 'update',
              key,
              set: { status: 'deactivated', correlationId },
              condition: { kind: 'attributesEqual', attributes: { status: 'active' } },
            },
          ]),
        `${userId} is not active`,
      );
      return { moment: 'deactivate', correlationId, ids: { userId }, wrote: [`${key.pk} ${key.sk}`] };
    },

    /** Refunds a complete payment: its status becomes `refunded` (no event; call-backs read the refund). */
    async refund(input: unknown): Promise<MomentResult> {
      const { userId, paymentId } = parse(RefundInputSchema, input);
      const key = keys.payment(userId, paymentId);
      if (!(await table.get(key))) throw new MomentError(`no payment ${paymentId} of ${userId}`, 404);
      const correlationId = newId();
      await write(
        'refund',
        () =>
          table.transact([
            {
              kind: 'update',
              key,
              set: { status: 'refunded', correlationId },
              condition: { kind: 'attributesEqual', attributes: { status: 'complete' } },
            },
          ]),
        `payment ${paymentId} is not complete`,
      );
      return { moment: 'refund', correlationId, ids: { userId, paymentId }, wrote: [`${key.pk} ${key.sk}`] };
    },

    /**
     * Uploads a lecture video under `uploads/<courseId>/<videoId>.mp4`: the bucket has EventBridge
     * notifications on, so S3's "Object Created" event goes to the default bus and the video pipeline starts.
     * A transcript, if given, is uploaded first beside it (`.txt`), for the local Transcribe stand-in.
     */
    async uploadVideo(input: unknown): Promise<MomentResult> {
      const {
        courseId,
        videoId = `v-${newId().slice(0, 8)}`,
        contentBase64,
        transcript,
      } = parse(UploadVideoInputSchema, input);
      const base = `uploads/${courseId}/${videoId}`;
      const wrote: string[] = [];
      if (transcript) {
        await options.uploads.put(`${base}.txt`, transcript, 'text/plain; charset=utf-8');
        wrote.push(`${options.uploads.bucket}/${base}.txt`);
      }
      const body = contentBase64 ? Buffer.from(contentBase64, 'base64') : await options.sampleVideo();
      await options.uploads.put(`${base}.mp4`, body, 'video/mp4');
      wrote.push(`${options.uploads.bucket}/${base}.mp4`);
      return { moment: 'upload-video', ids: { courseId, videoId }, wrote };
    },
  };
}

export type BusinessMoments = ReturnType<typeof createBusinessMoments>;

export { MOMENT_NAMES, type MomentName } from './moment-names';

function parse<T extends z.ZodMiniType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  throw new MomentError(`invalid input: ${problems.join('; ')}`, 400);
}
