import type { ItemKey } from '@sfe/records';

/**
 * Where each reporting table lives in the reporting table store: one partition per report, one item per
 * row, so a report is one query.
 */
export const REPORT_PARTITIONS = {
  signupsPerDay: 'REPORT#SIGNUPS_PER_DAY',
  revenuePerDay: 'REPORT#REVENUE_PER_DAY',
  completionsPerCourse: 'REPORT#COMPLETIONS_PER_COURSE',
  accounts: 'REPORT#ACCOUNTS',
} as const;

export const reportKeys = {
  signupsOnDay: (day: string): ItemKey => ({ pk: REPORT_PARTITIONS.signupsPerDay, sk: day }),
  revenueOnDay: (day: string, currency: string): ItemKey => ({
    pk: REPORT_PARTITIONS.revenuePerDay,
    sk: `${day}#${currency}`,
  }),
  completionsOfCourse: (courseId: string): ItemKey => ({
    pk: REPORT_PARTITIONS.completionsPerCourse,
    sk: courseId,
  }),
  accountTotals: (): ItemKey => ({ pk: REPORT_PARTITIONS.accounts, sk: 'TOTALS' }),
  /** The de-duplication marker of one counted fact (see `countedFactOf`). */
  countedFact: (fact: string): ItemKey => ({ pk: `COUNTED#${fact}`, sk: 'FACT' }),
} as const;
