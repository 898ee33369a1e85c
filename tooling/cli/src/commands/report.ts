import { type MinorUnitsAmount, openRuntimeAccess } from '@sfe/local-runtime/access';
import type { TableStore } from '@sfe/records';
import { formatReport, LOCAL_REPORTING_TABLE, readReport } from '@sfe/reporting-service/report';
import { type Command, defineCommand } from '../command';
import { dataDirOption, resolveDataDirectory } from './runtime-options';

/** The local reporting table, opened for one read and closed after. */
export interface OpenedReportingTable {
  readonly table: Pick<TableStore, 'query'>;
  /** For a person: where the figures come from. */
  readonly description: string;
  /**
   * The revenue column's amounts as `formatMinorUnits` formats them, where that is cheapest (a running runtime);
   * without it they are formatted in this process.
   */
  formatMinorUnits?(amounts: readonly MinorUnitsAmount[]): Promise<string[]>;
  close(): Promise<void>;
}

export type OpenReportingTable = (dataDirectory: string) => Promise<OpenedReportingTable>;

/**
 * The reporting table through the running runtime's HTTP API (it holds the PGlite store), or on the store's
 * files while the runtime is stopped.
 */
export const openLocalReportingTable: OpenReportingTable = async (dataDirectory) => {
  const access = await openRuntimeAccess({ dataDirectory });
  return {
    table: { query: (pk, skPrefix) => access.query(LOCAL_REPORTING_TABLE, pk, skPrefix) },
    description: access.description,
    formatMinorUnits: (amounts) => access.formatMinorUnits(amounts),
    close: () => access.close(),
  };
};

/** `pnpm sfe report`, reading through `open` (the local platform by default; tests inject theirs). */
export function createReportCommand(open: OpenReportingTable = openLocalReportingTable): Command {
  return defineCommand({
    path: ['report'],
    summary:
      'Prints the reporting tables (signups per day, revenue per day, completions per course, active accounts) from the local store.',
    options: {
      json: { type: 'boolean', description: 'print the tables as JSON' },
      'data-dir': dataDirOption,
    },
    examples: ['pnpm sfe report', 'pnpm sfe report --json'],
    async run({ options }, io) {
      const dataDirectory = resolveDataDirectory(options['data-dir'], io);
      const json = options.json;
      const opened = await open(dataDirectory);
      try {
        const report = await readReport(opened.table);
        if (json) {
          io.stdout(`${JSON.stringify(report, null, 2)}\n`);
          return 0;
        }
        // A running runtime formats the amounts: its Intl is set up, this new process's first
        // `Intl.NumberFormat` would cost about 22 ms of CPU (BENCHMARKS.md, session 9).
        const revenue = await opened.formatMinorUnits?.(
          report.revenuePerDay.map(({ amountMinor, currency }) => ({ amount: amountMinor, currency })),
        );
        io.stdout(`${formatReport(report, revenue)}\n(${opened.description})\n`);
        return 0;
      } finally {
        await opened.close();
      }
    },
  });
}

export const reportCommand: Command = createReportCommand();
