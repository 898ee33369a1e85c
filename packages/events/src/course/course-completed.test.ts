import { describe, expect, it } from 'vitest';
import { createEvent } from '../create-event';
import { loadFixture } from '../fixtures';
import { parseEvent } from '../parse-event';
import { upgradeEvent } from '../registry';
import { downgradeCourseCompletedToV1, upgradeCourseCompletedV1 } from './course-completed';

describe('upgradeCourseCompletedV1', () => {
  it('renames courseName to courseTitle and reads the completion date as midnight UTC', () => {
    expect(upgradeCourseCompletedV1(loadFixture('CourseCompleted', 1).detail.data)).toStrictEqual({
      userId: 'user-7f3c9a',
      courseId: 'course-eda-101',
      courseTitle: 'Event-Driven Architecture on AWS',
      userName: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      completedAt: '2026-12-04T00:00:00.000Z',
    });
  });
});

describe('downgradeCourseCompletedToV1', () => {
  it('keeps the UTC calendar day of completedAt', () => {
    const v2 = loadFixture('CourseCompleted').detail.data;
    expect(downgradeCourseCompletedToV1({ ...v2, completedAt: '2026-12-05T00:30:00+01:00' })).toStrictEqual({
      userId: 'user-7f3c9a',
      courseId: 'course-eda-101',
      courseName: 'Event-Driven Architecture on AWS',
      userName: 'Ada Lovelace',
      email: 'ada.lovelace@example.com',
      completionDate: '2026-12-04',
    });
  });

  it('round-trips with upgrade for the fixture', () => {
    const v1 = loadFixture('CourseCompleted', 1).detail.data;
    expect(downgradeCourseCompletedToV1(upgradeCourseCompletedV1(v1))).toStrictEqual(v1);
  });
});

describe('upgradeEvent', () => {
  it('turns a CourseCompleted v1 into a valid v2 with the same metadata otherwise', () => {
    const v1 = parseEvent(loadFixture('CourseCompleted', 1));
    if (v1.metadata.type !== 'CourseCompleted') throw new Error('fixture is not CourseCompleted');
    const upgraded = upgradeEvent(v1);
    expect(upgraded).toStrictEqual({
      metadata: { ...v1.metadata, version: 2 },
      data: upgradeCourseCompletedV1(loadFixture('CourseCompleted', 1).detail.data),
    });
    expect(parseEvent(structuredClone(upgraded))).toStrictEqual(upgraded);
  });

  it('returns a current-version event as it is', () => {
    const v2 = parseEvent(loadFixture('CourseCompleted'));
    if (v2.metadata.type !== 'CourseCompleted') throw new Error('fixture is not CourseCompleted');
    expect(upgradeEvent(v2)).toBe(v2);
  });

  it('returns events of types with one version as they are', () => {
    const event = createEvent(
      'UserSignedUp',
      { userId: 'u-1', email: 'a@example.com', name: 'A', signedUpAt: '2026-11-23T09:00:00Z' },
      { source: 'sfe-stream-processor' },
    );
    expect(upgradeEvent(event)).toBe(event);
  });
});
