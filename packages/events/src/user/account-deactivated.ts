import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import { EmailSchema, IdSchema, PersonNameSchema, TimestampSchema } from '../fields';

export const AccountDeactivated = 'AccountDeactivated';

export const AccountDeactivatedDataSchema = z.object({
  userId: IdSchema,
  email: EmailSchema,
  name: PersonNameSchema,
  deactivatedAt: TimestampSchema,
});
export type AccountDeactivatedData = z.infer<typeof AccountDeactivatedDataSchema>;

export const AccountDeactivatedV1 = defineEvent({
  type: AccountDeactivated,
  version: 1,
  domain: 'user',
  description: "A user's account went from active to deactivated.",
  dataSchema: AccountDeactivatedDataSchema,
});
