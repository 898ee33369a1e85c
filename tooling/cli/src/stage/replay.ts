import { platformParameterNames } from '@sfe/cdk-constructs/parameters';
import { resourceName } from '@sfe/cdk-constructs/stage';
import { type CommandIo, UsageError } from '../command';
import { call, stageFailure } from './dead-letters';
import { describeAwsError, isThrottling, type ReplayProgress, type StageDeps, StageError } from './stage-aws';

const FINISHED = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
const MAX_THROTTLED_POLLS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `sfe-<stage>-replay-20261123T100000Z`: unique per second, within EventBridge's 64 characters and pattern. */
export function replayNameOf(stage: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return resourceName(stage, 'replay', stamp);
}

/** A `--rule` value: the rule's full name or as `pnpm sfe services` names a subscription (no `sfe-<stage>-`). */
async function resolveRules(
  rules: string,
  stage: string,
  busName: string,
  ruleArn: (name: string) => Promise<string | undefined>,
): Promise<string[]> {
  const arns: string[] = [];
  for (const rule of rules
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)) {
    const full = rule.startsWith(`${resourceName(stage)}-`) ? rule : resourceName(stage, rule);
    const arn = await call(`looking up rule ${full} (DescribeRule)`, () => ruleArn(full));
    if (!arn) throw new UsageError(`--rule: the bus ${busName} has no rule "${full}"`);
    arns.push(arn);
  }
  if (arns.length === 0) throw new UsageError('--rule names no rule');
  return arns;
}

/**
 * `pnpm sfe replay --stage`: an EventBridge replay of the platform archive over `[from, to)` to the platform
 * bus (every rule, or only `--rule`), watched with DescribeReplay until it finishes. The bus comes from infra's
 * SSM parameters; the archive is the one whose source is that bus.
 */
export async function replayStage(
  input: { stage: string; from: Date; to: Date; rule?: string },
  deps: StageDeps,
  io: CommandIo,
): Promise<number> {
  const { stage, from, to } = input;
  const now = deps.now();
  if (to > now) {
    throw new UsageError(`--to ${to.toISOString()} is in the future: a replay ends at or before now`);
  }
  const aws = await deps.connect();
  const region = await aws.region();
  const names = platformParameterNames(stage);
  const { values, missing } = await call(`reading stage ${stage}'s parameters from SSM`, () =>
    aws.parameters.get([names.busName, names.busArn]),
  );
  const busName = values.get(names.busName);
  const busArn = values.get(names.busArn);
  if (!busName || !busArn) {
    throw new StageError(
      `stage "${stage}" has no ${missing.join(' or ')} in SSM (${region}): deploy infra to it first (pnpm --filter @sfe/infra deploy -- -c stage=${stage})`,
    );
  }
  const archives = await call(`listing the archives of ${busName}`, () => aws.events.archivesOf(busArn));
  const enabled = archives.filter((archive) => archive.state === 'ENABLED');
  if (enabled.length !== 1) {
    throw new StageError(
      archives.length === 0
        ? `the bus ${busName} has no archive: infra creates one; is it deployed?`
        : `the bus ${busName} should have one enabled archive, it has ${enabled.length}: ${archives.map((a) => `${a.name} (${a.state})`).join(', ')}`,
    );
  }
  const archive = enabled[0] as (typeof enabled)[number];
  if (archive.retentionDays > 0 && from.getTime() < now.getTime() - archive.retentionDays * DAY_MS) {
    io.stderr(
      `Note: ${archive.name} keeps events ${archive.retentionDays} days; those before ${new Date(now.getTime() - archive.retentionDays * DAY_MS).toISOString()} are gone.\n`,
    );
  }
  const ruleArns = input.rule
    ? await resolveRules(input.rule, stage, busName, (name) => aws.events.ruleArn(name, busName))
    : undefined;
  const name = replayNameOf(stage, now);
  await call(`starting replay ${name} (StartReplay)`, () =>
    aws.events.startReplay({
      name,
      description: `pnpm sfe replay: ${from.toISOString()} to ${to.toISOString()}`,
      archiveArn: archive.arn,
      from,
      to,
      busArn,
      ...(ruleArns ? { ruleArns } : {}),
    }),
  );
  io.stdout(
    `Replay ${name}: events of ${from.toISOString()} to ${to.toISOString()} from ${archive.name} to ` +
      `${input.rule ? `rule ${input.rule}` : `every rule of ${busName}`}...\n`,
  );
  let last = '';
  let throttled = 0;
  for (;;) {
    await deps.sleep(deps.pollIntervalMs);
    let progress: ReplayProgress;
    try {
      progress = await aws.events.describeReplay(name);
      throttled = 0;
    } catch (error) {
      if (isThrottling(error) && ++throttled < MAX_THROTTLED_POLLS) {
        io.stderr(`  (progress check throttled: ${describeAwsError(error)}; trying again)\n`);
        continue;
      }
      throw stageFailure(
        `watching replay ${name} (DescribeReplay; it goes on without us: \`aws events describe-replay --replay-name ${name}\`)`,
        error,
      );
    }
    const reached = progress.lastReplayed
      ? ` up to ${progress.lastReplayed.toISOString()} (${percentOf(from, to, progress.lastReplayed)}%)`
      : '';
    const line = `  ${progress.state.toLowerCase()}${reached}`;
    if (line !== last && !FINISHED.has(progress.state)) io.stdout(`${line}\n`);
    last = line;
    if (progress.state === 'COMPLETED') {
      io.stdout(`Replay ${name} completed.\n`);
      return 0;
    }
    if (progress.state === 'FAILED' || progress.state === 'CANCELLED') {
      io.stderr(
        `Replay ${name} ${progress.state}${progress.reason ? `: ${progress.reason.replace(/\.$/, '')}` : ''}.\n`,
      );
      return 1;
    }
  }
}

function percentOf(from: Date, to: Date, reached: Date): number {
  const share = (reached.getTime() - from.getTime()) / (to.getTime() - from.getTime());
  return Math.round(Math.min(1, Math.max(0, share)) * 100);
}
