import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import { IdSchema, TimestampSchema } from '../fields';
import { personalField } from '../personal-data-marks';

export const SupportTicketOpened = 'SupportTicketOpened';

export const SupportTicketOpenedDataSchema = z.object({
  ticketId: IdSchema,
  userId: IdSchema,
  /** Free text written by a user: may hold personal data, hence the claim check. */
  subject: personalField(z.string().check(z.minLength(1), z.maxLength(1024)), 'free-text'),
  openedAt: TimestampSchema,
});
export type SupportTicketOpenedData = z.infer<typeof SupportTicketOpenedDataSchema>;

export const SupportTicketOpenedV1 = defineEvent({
  type: SupportTicketOpened,
  version: 1,
  domain: 'supportTicket',
  description: 'A user opened a support ticket. Sensitive: its payload always travels by claim check.',
  dataSchema: SupportTicketOpenedDataSchema,
  sensitive: true,
});
