import { openRuntimeAccess } from '@sfe/local-runtime';
import { type Command, UsageError } from '../command';
import { dataDirectoryOf } from './scenario';

function parseTime(flag: string, value: string | undefined): Date {
  if (!value) throw new UsageError(`${flag} needs a time (ISO 8601, e.g. 2026-11-23T10:00:00Z)`);
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new UsageError(`${flag} "${value}" is not a time (use ISO 8601)`);
  return time;
}

/**
 * `pnpm sfe replay --from <time> --to <time>`: sends archived events of `[from, to)` to the matching rules
 * again, marked with `replay-name`, as an EventBridge replay does.
 */
export const replayCommand: Command = {
  path: ['replay'],
  usage: 'replay --from <time> --to <time> [--data-dir <dir>]',
  summary: 'Replays archived events from a time range to the consumers whose rules match them.',
  async run(args, io) {
    const { dataDirectory, rest } = dataDirectoryOf(args, io);
    let from: Date | undefined;
    let to: Date | undefined;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '--from') from = parseTime('--from', rest[++i]);
      else if (rest[i] === '--to') to = parseTime('--to', rest[++i]);
      else throw new UsageError(`unknown argument "${rest[i]}"`);
    }
    if (!from || !to) throw new UsageError('both --from and --to are needed');
    if (from >= to) throw new UsageError('--from must be before --to');
    const access = await openRuntimeAccess({ dataDirectory });
    try {
      const result = await access.replay({ from, to });
      io.stdout(
        `Replay ${result.replayName}: ${result.events} event${result.events === 1 ? '' : 's'} sent again (${access.description}).\n`,
      );
      return 0;
    } finally {
      await access.close();
    }
  },
};
