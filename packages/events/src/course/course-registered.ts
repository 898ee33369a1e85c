import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import { EmailSchema, IdSchema, NameSchema, PersonNameSchema, TimestampSchema } from '../fields';

export const CourseRegistered = 'CourseRegistered';

export const CourseRegisteredDataSchema = z.object({
  userId: IdSchema,
  courseId: IdSchema,
  courseTitle: NameSchema,
  userName: PersonNameSchema,
  email: EmailSchema,
  enrolledAt: TimestampSchema,
});
export type CourseRegisteredData = z.infer<typeof CourseRegisteredDataSchema>;

export const CourseRegisteredV1 = defineEvent({
  type: CourseRegistered,
  version: 1,
  domain: 'course',
  description: 'A user enrolled on a course.',
  dataSchema: CourseRegisteredDataSchema,
});
