import * as z from 'zod/mini';
import { defineEvent } from '../define-event';
import { EmailSchema, IdSchema, NameSchema, PersonNameSchema, TimestampSchema } from '../fields';

export const CourseCompleted = 'CourseCompleted';

/** Version 2: ISO timestamp of completion and the course's title (v1 had a date and `courseName`). */
export const CourseCompletedDataSchema = z.object({
  userId: IdSchema,
  courseId: IdSchema,
  courseTitle: NameSchema,
  userName: PersonNameSchema,
  email: EmailSchema,
  completedAt: TimestampSchema,
});
export type CourseCompletedData = z.infer<typeof CourseCompletedDataSchema>;

/** Version 1, kept while v1 consumers exist: a calendar date and `courseName`. */
export const CourseCompletedV1DataSchema = z.object({
  userId: IdSchema,
  courseId: IdSchema,
  courseName: NameSchema,
  userName: PersonNameSchema,
  email: EmailSchema,
  completionDate: z.iso.date(),
});
export type CourseCompletedV1Data = z.infer<typeof CourseCompletedV1DataSchema>;

export const CourseCompletedV1 = defineEvent({
  type: CourseCompleted,
  version: 1,
  domain: 'course',
  description: 'A learner finished a course (v1: completion date only). Superseded by v2.',
  dataSchema: CourseCompletedV1DataSchema,
});

export const CourseCompletedV2 = defineEvent({
  type: CourseCompleted,
  version: 2,
  domain: 'course',
  description: 'A learner finished a course: emitted once, when the enrolment first gets a completion time.',
  dataSchema: CourseCompletedDataSchema,
});

/** Reads a v1 payload as v2, so a consumer has one code path. v1 knew only the day: midnight UTC. */
export function upgradeCourseCompletedV1(data: CourseCompletedV1Data): CourseCompletedData {
  return {
    userId: data.userId,
    courseId: data.courseId,
    courseTitle: data.courseName,
    userName: data.userName,
    email: data.email,
    completedAt: `${data.completionDate}T00:00:00.000Z`,
  };
}

/** Writes a v2 payload as v1, for producers that still publish v1 beside v2. */
export function downgradeCourseCompletedToV1(data: CourseCompletedData): CourseCompletedV1Data {
  return {
    userId: data.userId,
    courseId: data.courseId,
    courseName: data.courseTitle,
    userName: data.userName,
    email: data.email,
    completionDate: new Date(data.completedAt).toISOString().slice(0, 10),
  };
}
