import { openRuntimeAccess } from '@sfe/local-runtime';
import { defineCommand, UsageError } from '../command';
import { replayStage } from '../stage/replay';
import { awsStageDeps, type StageDeps } from '../stage/stage-aws';
import { dataDirOption, resolveDataDirectory, stageOption, targetStage } from './runtime-options';

function parseTime(flag: string, value: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new UsageError(`${flag} "${value}" is not a time (use ISO 8601)`);
  return time;
}

/**
 * `pnpm sfe replay --from <time> --to <time>`: sends archived events of `[from, to)` to the matching rules
 * again, marked with `replay-name`, as an EventBridge replay does; with `--stage`, an EventBridge replay of the
 * stage's archive, watched until it finishes.
 */
export const createReplayCommand = (stageDeps: StageDeps = awsStageDeps) =>
  defineCommand({
    path: ['replay'],
    summary: 'Replays archived events from a time range to the consumers whose rules match them.',
    options: {
      from: {
        type: 'string',
        value: '<time>',
        required: true,
        description: 'start of the range (ISO 8601), included',
      },
      to: {
        type: 'string',
        value: '<time>',
        required: true,
        description: 'end of the range (ISO 8601), excluded',
      },
      'data-dir': dataDirOption,
      stage: stageOption,
      rule: {
        type: 'string',
        value: '<rule>',
        description:
          'with --stage: replay only to this rule (or rules, comma-separated), with or without sfe-<stage>-',
      },
    },
    examples: [
      'pnpm sfe replay --from 2026-11-23T10:00:00Z --to 2026-11-23T11:00:00Z',
      'pnpm sfe replay --stage dev --from 2026-11-23T10:00:00Z --to 2026-11-23T11:00:00Z --rule email-service-learner-emails',
    ],
    async run({ options }, io) {
      const stage = targetStage(options);
      const from = parseTime('--from', options.from);
      const to = parseTime('--to', options.to);
      if (from >= to) throw new UsageError('--from must be before --to');
      if (stage) return replayStage({ stage, from, to, rule: options.rule }, stageDeps, io);
      if (options.rule !== undefined) {
        throw new UsageError('--rule needs --stage: the local runtime replays to every rule that matches');
      }
      const dataDirectory = resolveDataDirectory(options['data-dir'], io);
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
  });

export const replayCommand = createReplayCommand();
