import type { Item, TableStore } from '@sfe/records';
import { REPORT_PARTITIONS } from './report-items';

export interface SignupsOnDay {
  readonly day: string;
  readonly signups: number;
}

export interface RevenueOnDay {
  readonly day: string;
  readonly currency: string;
  /** In the currency's minor unit (pence, cents), as payments carry it. */
  readonly amountMinor: number;
  readonly payments: number;
}

export interface CourseCompletions {
  readonly courseId: string;
  readonly courseTitle: string;
  readonly completions: number;
}

export interface AccountTotals {
  readonly signedUp: number;
  readonly deactivated: number;
  /** Signed up minus deactivated, as counted from the events seen. */
  readonly active: number;
}

/** The reporting tables. */
export interface Report {
  readonly signupsPerDay: readonly SignupsOnDay[];
  readonly revenuePerDay: readonly RevenueOnDay[];
  readonly completionsPerCourse: readonly CourseCompletions[];
  readonly accounts: AccountTotals;
}

/**
 * Reads the reporting tables from a store (DynamoDB, the local store, memory): one query per table, rows in
 * key order (days ascending; courses by id, then sorted by completions, most first).
 */
export async function readReport(store: Pick<TableStore, 'query'>): Promise<Report> {
  const [signups, revenue, completions, accounts] = await Promise.all([
    store.query(REPORT_PARTITIONS.signupsPerDay),
    store.query(REPORT_PARTITIONS.revenuePerDay),
    store.query(REPORT_PARTITIONS.completionsPerCourse),
    store.query(REPORT_PARTITIONS.accounts),
  ]);
  const totals = accounts[0];
  return {
    signupsPerDay: signups.map((item) => ({ day: text(item, 'day'), signups: count(item, 'signups') })),
    revenuePerDay: revenue.map((item) => ({
      day: text(item, 'day'),
      currency: text(item, 'currency'),
      amountMinor: count(item, 'amountMinor'),
      payments: count(item, 'payments'),
    })),
    completionsPerCourse: completions
      .map((item) => ({
        courseId: text(item, 'courseId'),
        courseTitle: text(item, 'courseTitle'),
        completions: count(item, 'completions'),
      }))
      .sort((a, b) => b.completions - a.completions || a.courseId.localeCompare(b.courseId)),
    accounts: {
      signedUp: totals ? count(totals, 'signedUp') : 0,
      deactivated: totals ? count(totals, 'deactivated') : 0,
      active: totals ? count(totals, 'active') : 0,
    },
  };
}

function text(item: Item, name: string): string {
  const value = item[name];
  return typeof value === 'string' ? value : '';
}

function count(item: Item, name: string): number {
  const value = item[name];
  return typeof value === 'number' ? value : 0;
}
