import { openRuntimeAccess } from '@sfe/local-runtime';
import { defineCommand } from '../command';
import { dataDirOption, resolveDataDirectory } from './runtime-options';

/** `pnpm sfe dlq redrive <queue>`: moves a DLQ's messages back to their queue (SQS's redrive), as new. */
export const dlqRedriveCommand = defineCommand({
  path: ['dlq', 'redrive'],
  summary: 'Sends the messages of a dead-letter queue (<queue> or <queue>-dlq) back to be delivered again.',
  args: [
    { name: 'queue', description: 'a queue as `pnpm sfe dlq list` names it, or its -dlq', required: true },
  ],
  options: { 'data-dir': dataDirOption },
  examples: ['pnpm sfe dlq redrive email-service-learner-emails'],
  async run({ args, options }, io) {
    const dataDirectory = resolveDataDirectory(options['data-dir'], io);
    const { queue } = args;
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
});
