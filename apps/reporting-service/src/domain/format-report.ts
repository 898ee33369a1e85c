// The money entry alone: the package's index builds every event schema (zod), which `pnpm sfe report` need not load.
import { formatMinorUnits } from '@sfe/events/money';
import type { Report } from './report';

/**
 * The reporting tables as plain-text tables, for `pnpm sfe report`. `revenue`, when given, is the revenue column's
 * text row for row, as `formatMinorUnits` formats it elsewhere (the CLI asks a running runtime, whose Intl is set up
 * already); a row it lacks is formatted here.
 */
export function formatReport(report: Report, revenue: readonly string[] = []): string {
  const sections = [
    table(
      'Signups per day',
      ['day', 'signups'],
      'lr',
      report.signupsPerDay.map((row) => [row.day, String(row.signups)]),
    ),
    table(
      'Revenue per day',
      ['day', 'currency', 'revenue', 'payments'],
      'llrr',
      report.revenuePerDay.map((row, i) => [
        row.day,
        row.currency,
        revenue[i] ?? formatMinorUnits(row.amountMinor, row.currency),
        String(row.payments),
      ]),
    ),
    table(
      'Completions per course',
      ['course', 'title', 'completions'],
      'llr',
      report.completionsPerCourse.map((row) => [row.courseId, row.courseTitle, String(row.completions)]),
    ),
    table('Accounts', ['active', 'signed up', 'deactivated'], 'rrr', [
      [String(report.accounts.active), String(report.accounts.signedUp), String(report.accounts.deactivated)],
    ]),
  ];
  return `${sections.join('\n\n')}\n`;
}

/** `align` has one letter per column: `l` left (text), `r` right (numbers). */
function table(
  title: string,
  header: readonly string[],
  align: string,
  rows: readonly (readonly string[])[],
): string {
  if (rows.length === 0) return `${title}\n  (none yet)`;
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((cell, column) =>
        align[column] === 'r' ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')}`.trimEnd();
  const rule = `  ${widths.map((width) => '─'.repeat(width)).join('  ')}`;
  return [title, line(header), rule, ...rows.map(line)].join('\n');
}
