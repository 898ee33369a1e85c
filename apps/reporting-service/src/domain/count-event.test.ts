import { upgradeEvent } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import {
  accountDeactivated,
  courseCompleted,
  courseCompletedV1,
  paid,
  paymentCompleted,
  userSignedUp,
} from '../../test/events';
import { countEvent, countedFactOf, MissingSubjectError, planCount, utcDay } from './count-event';

const countedAt = new Date('2026-11-23T12:00:00.000Z');

describe('countEvent', () => {
  it('counts a signup on its UTC day and in the account totals, behind a conditional marker', () => {
    const event = userSignedUp('u-7', '2026-11-23T23:30:00.000-02:00');
    expect(countEvent(event, countedAt)).toStrictEqual([
      {
        kind: 'put',
        item: {
          pk: 'COUNTED#SIGNUP#u-7',
          sk: 'FACT',
          eventId: event.metadata.id,
          eventType: 'UserSignedUp',
          countedAt: '2026-11-23T12:00:00.000Z',
        },
        condition: { kind: 'notExists' },
      },
      {
        kind: 'increment',
        key: { pk: 'REPORT#SIGNUPS_PER_DAY', sk: '2026-11-24' },
        add: { signups: 1 },
        set: { day: '2026-11-24' },
      },
      { kind: 'increment', key: { pk: 'REPORT#ACCOUNTS', sk: 'TOTALS' }, add: { signedUp: 1, active: 1 } },
    ]);
  });

  it('adds a payment to its day and currency, in minor units, from its current state', () => {
    const { event, current } = paid('p-9', 1250, 'EUR');
    const [marker, ...increments] = countEvent(event, countedAt, current);
    expect(marker).toMatchObject({ item: { pk: 'COUNTED#PAYMENT#p-9' }, condition: { kind: 'notExists' } });
    expect(increments).toStrictEqual([
      {
        kind: 'increment',
        key: { pk: 'REPORT#REVENUE_PER_DAY', sk: '2026-11-23#EUR' },
        add: { amountMinor: 1250, payments: 1 },
        set: { day: '2026-11-23', currency: 'EUR' },
      },
    ]);
  });

  it('counts a completion per course, keeping its title', () => {
    const [, ...increments] = countEvent(courseCompleted('u-1', 'c-42'), countedAt);
    expect(increments).toStrictEqual([
      {
        kind: 'increment',
        key: { pk: 'REPORT#COMPLETIONS_PER_COURSE', sk: 'c-42' },
        add: { completions: 1 },
        set: { courseId: 'c-42', courseTitle: 'Event-Driven Architecture' },
      },
    ]);
  });

  it('takes a deactivated account off the active count', () => {
    const [, ...increments] = countEvent(accountDeactivated(), countedAt);
    expect(increments).toStrictEqual([
      {
        kind: 'increment',
        key: { pk: 'REPORT#ACCOUNTS', sk: 'TOTALS' },
        add: { deactivated: 1, active: -1 },
      },
    ]);
  });
});

describe('planCount', () => {
  it('counts a payment that is still complete', () => {
    const { event, current } = paid('p-1', 4999, 'GBP');
    expect(planCount(event, countedAt, current)).toStrictEqual({
      kind: 'count',
      writes: countEvent(event, countedAt, current),
    });
  });

  it.each(['refunded', 'failed', 'pending'] as const)(
    'skips a payment that is %s by the time it is counted',
    (status) => {
      const { event, current } = paid('p-1');
      expect(planCount(event, countedAt, { payment: { ...current.payment, status } })).toStrictEqual({
        kind: 'skip',
        reason: `payment p-1 is ${status} now: not revenue`,
      });
    },
  );

  it('refuses a payment the platform does not know (the record fails and reaches the DLQ)', () => {
    expect(() => planCount(paymentCompleted('p-404'), countedAt, {})).toThrow(
      new MissingSubjectError('payment p-404 of u-1 is not on the platform'),
    );
  });

  it('needs no call-back for the rich events', () => {
    expect(planCount(userSignedUp('u-1'), countedAt).kind).toBe('count');
  });
});

describe('countedFactOf', () => {
  it('gives the same fact to a completion published as v1 and as v2', () => {
    expect(countedFactOf(upgradeEvent<'CourseCompleted'>(courseCompletedV1('u-1', 'c-1')))).toBe(
      countedFactOf(courseCompleted('u-1', 'c-1')),
    );
  });

  it('tells apart two deactivations of one account', () => {
    expect(countedFactOf(accountDeactivated('u-1', '2026-11-24T08:00:00.000Z'))).not.toBe(
      countedFactOf(accountDeactivated('u-1', '2026-12-24T08:00:00.000Z')),
    );
  });
});

describe('utcDay', () => {
  it('is the UTC calendar day of the timestamp', () => {
    expect(utcDay('2026-11-23T23:30:00.000-02:00')).toBe('2026-11-24');
    expect(utcDay('2026-11-23T00:30:00.000+02:00')).toBe('2026-11-22');
  });
});
