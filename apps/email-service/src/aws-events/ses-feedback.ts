import { EventBridgeEnvelopeSchema } from '@sfe/consumer-toolkit';
import * as z from 'zod/mini';

export const SES_SOURCE = 'aws.ses';
/** SES's EventBridge detail-types for the two event types that suppress an address (EventBridge events reference, SES). */
export const EMAIL_BOUNCED = 'Email Bounced';
export const EMAIL_COMPLAINT_RECEIVED = 'Email Complaint Received';

/** The tag SES puts on every event published through a configuration set: that set's name. */
export const CONFIGURATION_SET_TAG = 'ses:configuration-set';

/**
 * `mail`: the email that produced the event (SES Developer Guide, "Contents of event data that Amazon SES
 * publishes", mail object). Only what we read is required; loose objects keep the headers and the rest.
 */
const MailSchema = z.looseObject({
  timestamp: z.string().check(z.minLength(1)),
  messageId: z.string().check(z.minLength(1)),
  destination: z.optional(z.array(z.string())),
  tags: z.optional(z.record(z.string(), z.array(z.string()))),
});

const RecipientSchema = z.looseObject({ emailAddress: z.string().check(z.minLength(1)) });

/** `Undetermined`, `Permanent` or `Transient` (bounce object, `bounceType`). */
const BounceTypeSchema = z.enum(['Undetermined', 'Permanent', 'Transient']);

/** `detail` of "Email Bounced": SES's Bounce event record. */
export const BounceDetailSchema = z.looseObject({
  eventType: z.literal('Bounce'),
  bounce: z.looseObject({
    bounceType: BounceTypeSchema,
    bounceSubType: z.string().check(z.minLength(1)),
    bouncedRecipients: z.array(RecipientSchema).check(z.minLength(1)),
    timestamp: z.string().check(z.minLength(1)),
    feedbackId: z.string().check(z.minLength(1)),
  }),
  mail: MailSchema,
});

/** `detail` of "Email Complaint Received": SES's Complaint event record. */
export const ComplaintDetailSchema = z.looseObject({
  eventType: z.literal('Complaint'),
  complaint: z.looseObject({
    complainedRecipients: z.array(RecipientSchema).check(z.minLength(1)),
    timestamp: z.string().check(z.minLength(1)),
    feedbackId: z.string().check(z.minLength(1)),
    complaintFeedbackType: z.optional(z.string()),
  }),
  mail: MailSchema,
});

/** An SES bounce or complaint event exactly as EventBridge delivers it (on the default bus). */
export const SesFeedbackEventSchema = z.discriminatedUnion('detail-type', [
  z.extend(EventBridgeEnvelopeSchema, {
    source: z.literal(SES_SOURCE),
    'detail-type': z.literal(EMAIL_BOUNCED),
    detail: BounceDetailSchema,
  }),
  z.extend(EventBridgeEnvelopeSchema, {
    source: z.literal(SES_SOURCE),
    'detail-type': z.literal(EMAIL_COMPLAINT_RECEIVED),
    detail: ComplaintDetailSchema,
  }),
]);
export type SesFeedbackEvent = z.infer<typeof SesFeedbackEventSchema>;
