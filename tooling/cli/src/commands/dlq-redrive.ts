import { openRuntimeAccess } from '@sfe/local-runtime';
import { type Command, UsageError } from '../command';
import { dataDirectoryOf } from './scenario';

/** `pnpm sfe dlq redrive <queue>`: moves a DLQ's messages back to their queue (SQS's redrive), as new. */
export const dlqRedriveCommand: Command = {
  path: ['dlq', 'redrive'],
  usage: 'dlq redrive <queue> [--data-dir <dir>]',
  summary: 'Sends the messages of a dead-letter queue (<queue> or <queue>-dlq) back to be delivered again.',
  async run(args, io) {
    const { dataDirectory, rest } = dataDirectoryOf(args, io);
    const [queue, extra] = rest;
    if (!queue) throw new UsageError('name the queue (see pnpm sfe dlq list)');
    if (extra) throw new UsageError(`unknown argument "${extra}"`);
    const access = await openRuntimeAccess({ dataDirectory });
    try {
      const result = await access.redrive(queue);
      io.stdout(
        `Redrove ${result.redriven} message${result.redriven === 1 ? '' : 's'} from ${result.queue} (${access.description}).\n`,
      );
      return 0;
    } finally {
      await access.close();
    }
  },
};
