import { openRuntimeAccess } from '@sfe/local-runtime';
import { defineCommand } from '../command';
import { redriveStageDeadLetters } from '../stage/dead-letters';
import { awsStageDeps, type StageDeps } from '../stage/stage-aws';
import { dataDirOption, resolveDataDirectory, stageOption, targetStage } from './runtime-options';

/**
 * `pnpm sfe dlq redrive <queue>`: moves a DLQ's messages back to their queue (SQS's redrive), as new; with
 * `--stage`, an SQS message movement task in the deployed stage, watched until it finishes.
 */
export const createDlqRedriveCommand = (stageDeps: StageDeps = awsStageDeps) =>
  defineCommand({
    path: ['dlq', 'redrive'],
    summary: 'Sends the messages of a dead-letter queue (<queue> or <queue>-dlq) back to be delivered again.',
    args: [
      {
        name: 'queue',
        description:
          'a queue as `pnpm sfe dlq list` names it, or its -dlq (with --stage: with or without sfe-<stage>-)',
        required: true,
      },
    ],
    options: { 'data-dir': dataDirOption, stage: stageOption },
    examples: [
      'pnpm sfe dlq redrive email-service-learner-emails',
      'pnpm sfe dlq redrive email-service-learner-emails --stage dev',
    ],
    async run({ args, options }, io) {
      const stage = targetStage(options);
      if (stage) return redriveStageDeadLetters(args.queue, stage, stageDeps, io);
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

export const dlqRedriveCommand = createDlqRedriveCommand();
