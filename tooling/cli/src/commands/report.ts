import { resolve } from 'node:path';
import { DEFAULT_DATA_DIRECTORY, openLocalStore, StoreLockedError } from '@sfe/local-runtime/store';
import type { TableStore } from '@sfe/records';
import { formatReport, LOCAL_REPORTING_TABLE, readReport } from '@sfe/reporting-service/report';
import { type Command, UsageError } from '../command';

/** The reporting table of a local store, opened for one read and closed after. */
export interface OpenedReportingTable {
  readonly table: Pick<TableStore, 'query'>;
  close(): Promise<void>;
}

export type OpenReportingTable = (dataDirectory: string) => Promise<OpenedReportingTable>;

/** Opens the local runtime's PGlite store (`.sfe/`) and its `reporting` table. */
export const openLocalReportingTable: OpenReportingTable = async (dataDirectory) => {
  const store = await openLocalStore({ dataDirectory });
  return { table: store.table(LOCAL_REPORTING_TABLE), close: () => store.close() };
};

function parseArgs(args: readonly string[]): { dataDirectory?: string; json: boolean } {
  let dataDirectory: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--data-dir') {
      dataDirectory = args[++i];
      if (!dataDirectory) throw new UsageError('--data-dir needs a directory');
    } else if (arg === '--json') {
      json = true;
    } else {
      throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return { ...(dataDirectory ? { dataDirectory } : {}), json };
}

/** `pnpm sfe report`, reading through `open` (the local store by default; tests inject theirs). */
export function createReportCommand(open: OpenReportingTable = openLocalReportingTable): Command {
  return {
    path: ['report'],
    usage: 'report [--data-dir .sfe] [--json]',
    summary:
      'Prints the reporting tables (signups per day, revenue per day, completions per course, active accounts) from the local store.',
    async run(args, io) {
      const { dataDirectory = DEFAULT_DATA_DIRECTORY, json } = parseArgs(args);
      let opened: OpenedReportingTable;
      try {
        opened = await open(resolve(io.cwd, dataDirectory));
      } catch (error) {
        if (!(error instanceof StoreLockedError)) throw error;
        // PGlite is one process's database, and the runtime has no endpoint serving tables yet.
        io.stderr(
          `${error.message}.\nThe report reads the store directly: stop the local runtime (Ctrl-C), then run pnpm sfe report again.\n`,
        );
        return 1;
      }
      try {
        const report = await readReport(opened.table);
        io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
        return 0;
      } finally {
        await opened.close();
      }
    },
  };
}

export const reportCommand: Command = createReportCommand();
