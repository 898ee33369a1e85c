import { openRuntimeAccess } from '@sfe/local-runtime/access';
import { defineCommand } from '../command';
import { awsStageDeps, type StageDeps } from '../stage/stage-aws';
import { dataDirOption, resolveDataDirectory, stageOption, targetStage } from './runtime-options';

/**
 * `pnpm sfe dlq list`: every local dead-letter queue holding messages, each message with why it failed; with
 * `--stage`, every DLQ of a deployed stage with its approximate depth.
 */
export const createDlqListCommand = (stageDeps: StageDeps = awsStageDeps) =>
  defineCommand({
    path: ['dlq', 'list'],
    summary:
      "Lists the local dead-letter queues' messages with their errors (via the runtime if it runs), or a stage's DLQs.",
    options: {
      json: { type: 'boolean', description: 'print the listing as JSON' },
      'data-dir': dataDirOption,
      stage: stageOption,
    },
    examples: ['pnpm sfe dlq list', 'pnpm sfe dlq list --json', 'pnpm sfe dlq list --stage dev'],
    async run({ options }, io) {
      const stage = targetStage(options);
      if (stage) {
        // Imported for `--stage` only: the stage's queue names come from every service definition (zod), which
        // listing the local dead letters need not load.
        const { listStageDeadLetters } = await import('../stage/dead-letters');
        return listStageDeadLetters(stage, { json: options.json }, stageDeps, io);
      }
      const dataDirectory = resolveDataDirectory(options['data-dir'], io);
      const json = options.json;
      const access = await openRuntimeAccess({ dataDirectory });
      try {
        const listings = await access.listDeadLetters();
        if (json) {
          io.stdout(`${JSON.stringify(listings, null, 2)}\n`);
          return 0;
        }
        if (listings.length === 0) {
          io.stdout(`No dead letters (${access.description}).\n`);
          return 0;
        }
        for (const { queue, messages } of listings) {
          io.stdout(
            `${queue}: ${messages.length} message${messages.length === 1 ? '' : 's'}   redrive: pnpm sfe dlq redrive ${queue}\n`,
          );
          for (const message of messages) {
            io.stdout(
              `  ${message.id}  sent ${new Date(message.sentAt).toISOString()}  receives ${message.receiveCount}` +
                `${message.sourceQueue ? `  from ${message.sourceQueue}` : ''}\n    error: ${message.lastError ?? '(none recorded)'}\n    body:  ${summarise(message.body)}\n`,
            );
          }
        }
        return 0;
      } finally {
        await access.close();
      }
    },
  });

export const dlqListCommand = createDlqListCommand();

function summarise(body: string): string {
  try {
    const event = JSON.parse(body) as {
      'detail-type'?: string;
      detail?: { metadata?: { id?: string } };
      kind?: string;
    };
    if (event['detail-type']) return `${event['detail-type']} ${event.detail?.metadata?.id ?? ''}`.trim();
    if (event.kind) return event.kind;
  } catch {}
  return body.length > 120 ? `${body.slice(0, 117)}...` : body;
}
