import { upgradeEvent } from '@sfe/events';
import { MemoryTableStore } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import {
  accountDeactivated,
  courseCompleted,
  courseCompletedV1,
  paid,
  userSignedUp,
} from '../../test/events';
import { applyCount } from '../adapters/reporting-store';
import { type CurrentState, countEvent, type ReportedEvent } from './count-event';
import { formatReport } from './format-report';
import { readReport } from './report';

const countedAt = new Date('2026-11-24T12:00:00.000Z');

type Counted = ReportedEvent | { readonly event: ReportedEvent; readonly current: CurrentState };

async function countAll(store: MemoryTableStore, events: readonly Counted[]) {
  const outcomes = [];
  for (const counted of events) {
    const { event, current } = 'event' in counted ? counted : { event: counted, current: {} };
    outcomes.push(await applyCount(store, countEvent(event, countedAt, current)));
  }
  return outcomes;
}

describe('readReport', () => {
  it('is empty before anything is counted', async () => {
    expect(await readReport(new MemoryTableStore())).toStrictEqual({
      signupsPerDay: [],
      revenuePerDay: [],
      completionsPerCourse: [],
      accounts: { signedUp: 0, deactivated: 0, active: 0 },
    });
  });

  it('reads every table after counting each fact once', async () => {
    const store = new MemoryTableStore();
    const signup = userSignedUp('u-1', '2026-11-23T09:00:00.000Z');
    const outcomes = await countAll(store, [
      signup,
      userSignedUp('u-2', '2026-11-23T15:00:00.000Z'),
      userSignedUp('u-3', '2026-11-24T09:00:00.000Z'),
      signup,
      paid('p-1', 4999, 'GBP', '2026-11-23T10:00:00.000Z'),
      paid('p-2', 1001, 'GBP', '2026-11-23T18:00:00.000Z'),
      paid('p-3', 2000, 'USD', '2026-11-23T18:00:00.000Z'),
      courseCompleted('u-1', 'c-1'),
      upgradeEvent<'CourseCompleted'>(courseCompletedV1('u-1', 'c-1')),
      courseCompleted('u-2', 'c-1'),
      courseCompleted('u-2', 'c-2'),
      accountDeactivated('u-3'),
    ]);

    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
    expect(await readReport(store)).toStrictEqual({
      signupsPerDay: [
        { day: '2026-11-23', signups: 2 },
        { day: '2026-11-24', signups: 1 },
      ],
      revenuePerDay: [
        { day: '2026-11-23', currency: 'GBP', amountMinor: 6000, payments: 2 },
        { day: '2026-11-23', currency: 'USD', amountMinor: 2000, payments: 1 },
      ],
      completionsPerCourse: [
        { courseId: 'c-1', courseTitle: 'Event-Driven Architecture', completions: 2 },
        { courseId: 'c-2', courseTitle: 'Event-Driven Architecture', completions: 1 },
      ],
      accounts: { signedUp: 3, deactivated: 1, active: 2 },
    });
  });
});

describe('applyCount', () => {
  it('writes nothing when the fact was counted already (marker and increments are one transaction)', async () => {
    const store = new MemoryTableStore();
    const payment = paid('p-1');
    await countAll(store, [payment]);
    const changesBefore = store.changes.length;
    expect(await applyCount(store, countEvent(payment.event, countedAt, payment.current))).toBe('duplicate');
    expect(store.changes).toHaveLength(changesBefore);
  });
});

describe('formatReport', () => {
  it('prints each table, aligned', async () => {
    const store = new MemoryTableStore();
    await countAll(store, [
      userSignedUp('u-1', '2026-11-23T09:00:00.000Z'),
      paid('p-1', 4999, 'GBP', '2026-11-23T10:00:00.000Z'),
      courseCompleted('u-1', 'c-1'),
    ]);
    expect(formatReport(await readReport(store))).toBe(
      [
        'Signups per day',
        '  day         signups',
        '  ──────────  ───────',
        '  2026-11-23        1',
        '',
        'Revenue per day',
        '  day         currency  revenue  payments',
        '  ──────────  ────────  ───────  ────────',
        '  2026-11-23  GBP        £49.99         1',
        '',
        'Completions per course',
        '  course  title                      completions',
        '  ──────  ─────────────────────────  ───────────',
        '  c-1     Event-Driven Architecture            1',
        '',
        'Accounts',
        '  active  signed up  deactivated',
        '  ──────  ─────────  ───────────',
        '       1          1            0',
        '',
      ].join('\n'),
    );
  });

  it("prints the revenue column's text when given it, row for row, and formats the rows it lacks", async () => {
    const store = new MemoryTableStore();
    await countAll(store, [
      paid('p-1', 4999, 'GBP', '2026-11-23T10:00:00.000Z'),
      paid('p-2', 1500, 'GBP', '2026-11-24T10:00:00.000Z'),
    ]);
    const text = formatReport(await readReport(store), ['GBP 49.99 (given)']);
    expect(text).toContain('  2026-11-23  GBP       GBP 49.99 (given)         1');
    expect(text).toContain('  2026-11-24  GBP                  £15.00         1');
  });

  it('says when a table is still empty', async () => {
    expect(formatReport(await readReport(new MemoryTableStore()))).toContain('Signups per day\n  (none yet)');
  });
});
