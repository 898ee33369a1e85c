import { defineCommand } from '../command';
import { awsStageDeps, type StageDeps } from '../stage/stage-aws';
import { recoverStream } from '../stage/stream-recovery';
import { stageOption, targetStage } from './runtime-options';

/**
 * `pnpm sfe stream recover --stage <stage>`: the stream processor's failed batches, read back from the stream
 * and published by the deployed function's own code; see `recoverStream`.
 */
export const createStreamRecoverCommand = (stageDeps: StageDeps = awsStageDeps) =>
  defineCommand({
    path: ['stream', 'recover'],
    summary:
      "Publishes the records of the stream processor's failed batches while the stream still has them (deployed stages).",
    description:
      "Reads each pointer in the failed-batches queue (Lambda's on-failure destination), fetches its records from\n" +
      "the DynamoDB stream (kept 24 hours), runs them through the deployed stream processor's code and settings,\n" +
      'and deletes the pointer once they are published. Pointers whose records the stream no longer has are\n' +
      'reported (keys of what is still readable, time window of what is not) and left in the queue. Exit 1 if any\n' +
      'pointer is left. Locally there is nothing to recover: the runtime retries the stream itself.',
    options: {
      stage: {
        ...stageOption,
        description: 'the deployed stage (credentials and region from the standard AWS chain)',
        required: true,
      },
    },
    examples: ['pnpm sfe stream recover --stage dev'],
    async run({ options }, io) {
      return recoverStream(targetStage(options) ?? options.stage, stageDeps, io);
    },
  });

export const streamRecoverCommand = createStreamRecoverCommand();
