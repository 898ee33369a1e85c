import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import { EmailSchema, IdSchema, PersonNameSchema, TimestampSchema } from '../fields';

export const UserSignedUp = 'UserSignedUp';

export const UserSignedUpDataSchema = z.object({
  userId: IdSchema,
  email: EmailSchema,
  name: PersonNameSchema,
  signedUpAt: TimestampSchema,
});
export type UserSignedUpData = z.infer<typeof UserSignedUpDataSchema>;

export const UserSignedUpV1 = defineEvent({
  type: UserSignedUp,
  version: 1,
  domain: 'user',
  description: 'A person created an account.',
  dataSchema: UserSignedUpDataSchema,
});
