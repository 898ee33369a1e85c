import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListArchivesCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReplayCommand } from '../commands/replay';
import { replayNameOf } from './replay';
import { ACCOUNT, awsError, mockedStageDeps, REGION, runCommand } from './test-support';

const eventBridge = mockClient(EventBridgeClient);
const ssm = mockClient(SSMClient);

const BUS_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/sfe-dev-bus`;
const ARCHIVE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:archive/sfe-dev-bus-archive`;
const RULE_ARN = `arn:aws:events:${REGION}:${ACCOUNT}:rule/sfe-dev-bus/sfe-dev-email-service-learner-emails`;
const NOW = new Date('2026-11-24T12:00:00Z');
const FROM = '2026-11-23T10:00:00Z';
const TO = '2026-11-23T11:00:00Z';
const REPLAY = 'sfe-dev-replay-20261124T120000Z';

const parameter = (Name: string, Value: string) => ({
  Name,
  Type: 'String' as const,
  Value,
  Version: 1,
  LastModifiedDate: new Date('2026-11-01T09:00:00Z'),
  ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${Name}`,
  DataType: 'text',
});

/** Infra deployed to dev: its parameters, the bus's archive, and one consumer rule. */
function infraDeployed() {
  ssm.on(GetParametersCommand).resolves({
    Parameters: [parameter('/sfe/dev/bus/name', 'sfe-dev-bus'), parameter('/sfe/dev/bus/arn', BUS_ARN)],
    InvalidParameters: [],
  });
  eventBridge.on(ListArchivesCommand, { EventSourceArn: BUS_ARN }).resolves({
    Archives: [
      {
        ArchiveName: 'sfe-dev-bus-archive',
        EventSourceArn: BUS_ARN,
        State: 'ENABLED',
        RetentionDays: 14,
        SizeBytes: 52_340,
        EventCount: 181,
        CreationTime: new Date('2026-11-01T09:00:00Z'),
      },
    ],
  });
  eventBridge.on(DescribeArchiveCommand, { ArchiveName: 'sfe-dev-bus-archive' }).resolves({
    ArchiveArn: ARCHIVE_ARN,
    ArchiveName: 'sfe-dev-bus-archive',
    EventSourceArn: BUS_ARN,
    State: 'ENABLED',
    RetentionDays: 14,
    SizeBytes: 52_340,
    EventCount: 181,
    CreationTime: new Date('2026-11-01T09:00:00Z'),
  });
  eventBridge
    .on(DescribeRuleCommand)
    .rejects(awsError('ResourceNotFoundException', 'Rule does not exist on EventBus sfe-dev-bus.'));
  eventBridge
    .on(DescribeRuleCommand, { Name: 'sfe-dev-email-service-learner-emails', EventBusName: 'sfe-dev-bus' })
    .resolves({
      Name: 'sfe-dev-email-service-learner-emails',
      Arn: RULE_ARN,
      EventBusName: 'sfe-dev-bus',
      State: 'ENABLED',
      EventPattern: '{"source":[{"prefix":"sfe-"}]}',
    });
  eventBridge.on(StartReplayCommand).resolves({
    ReplayArn: `arn:aws:events:${REGION}:${ACCOUNT}:replay/${REPLAY}`,
    State: 'STARTING',
    ReplayStartTime: NOW,
  });
}

function described(State: string, extra: { EventLastReplayedTime?: Date; StateReason?: string } = {}) {
  return {
    ReplayName: REPLAY,
    ReplayArn: `arn:aws:events:${REGION}:${ACCOUNT}:replay/${REPLAY}`,
    State: State as 'RUNNING',
    EventSourceArn: ARCHIVE_ARN,
    Destination: { Arn: BUS_ARN },
    EventStartTime: new Date(FROM),
    EventEndTime: new Date(TO),
    ReplayStartTime: NOW,
    ...extra,
  };
}

async function replay(...extra: string[]) {
  const deps = mockedStageDeps(NOW);
  const result = await runCommand(
    [createReplayCommand(deps)],
    ['replay', '--stage', 'dev', '--from', FROM, '--to', TO, ...extra],
  );
  return { ...result, deps };
}

describe('replay --stage', { timeout: 30_000 }, () => {
  beforeEach(() => {
    eventBridge.reset();
    ssm.reset();
  });

  it("replays the platform archive's time range to the bus and follows it until it completes", async () => {
    infraDeployed();
    eventBridge
      .on(DescribeReplayCommand)
      .resolvesOnce(described('STARTING'))
      .resolvesOnce(described('RUNNING', { EventLastReplayedTime: new Date('2026-11-23T10:15:00Z') }))
      .resolvesOnce(described('RUNNING', { EventLastReplayedTime: new Date('2026-11-23T10:45:00Z') }))
      .resolves(described('COMPLETED', { EventLastReplayedTime: new Date('2026-11-23T10:59:30Z') }));
    const result = await replay();
    expect(result).toMatchObject({
      code: 0,
      stderr: '',
      stdout:
        `Replay ${REPLAY}: events of 2026-11-23T10:00:00.000Z to 2026-11-23T11:00:00.000Z from sfe-dev-bus-archive to every rule of sfe-dev-bus...\n` +
        '  starting\n' +
        '  running up to 2026-11-23T10:15:00.000Z (25%)\n' +
        '  running up to 2026-11-23T10:45:00.000Z (75%)\n' +
        `Replay ${REPLAY} completed.\n`,
    });
    expect(ssm.commandCalls(GetParametersCommand)[0]?.args[0].input).toStrictEqual({
      Names: ['/sfe/dev/bus/name', '/sfe/dev/bus/arn'],
    });
    expect(eventBridge.commandCalls(StartReplayCommand).map((call) => call.args[0].input)).toStrictEqual([
      {
        ReplayName: REPLAY,
        Description: 'pnpm sfe replay: 2026-11-23T10:00:00.000Z to 2026-11-23T11:00:00.000Z',
        EventSourceArn: ARCHIVE_ARN,
        EventStartTime: new Date(FROM),
        EventEndTime: new Date(TO),
        Destination: { Arn: BUS_ARN },
      },
    ]);
  });

  it('replays to one rule only with --rule, named with or without sfe-<stage>-', async () => {
    infraDeployed();
    eventBridge.on(DescribeReplayCommand).resolves(described('COMPLETED'));
    for (const rule of ['email-service-learner-emails', 'sfe-dev-email-service-learner-emails']) {
      eventBridge.resetHistory();
      expect((await replay('--rule', rule)).code).toBe(0);
      expect(eventBridge.commandCalls(StartReplayCommand)[0]?.args[0].input.Destination).toStrictEqual({
        Arn: BUS_ARN,
        FilterArns: [RULE_ARN],
      });
    }
    const unknown = await replay('--rule', 'email-service-nope');
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toStrictEqual([
      2,
      '--rule: the bus sfe-dev-bus has no rule "sfe-dev-email-service-nope"',
    ]);
  });

  it("reports a FAILED replay with EventBridge's reason, and exits 1", async () => {
    infraDeployed();
    eventBridge
      .on(DescribeReplayCommand)
      .resolvesOnce(described('RUNNING'))
      .resolves(
        described('FAILED', { StateReason: 'Replay failed because the destination event bus was deleted.' }),
      );
    const result = await replay();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Replay ${REPLAY} FAILED: Replay failed because the destination event bus was deleted.\n`,
    );
  });

  it('keeps following through throttled DescribeReplay calls, and reports a throttled start', async () => {
    infraDeployed();
    eventBridge
      .on(DescribeReplayCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves(described('COMPLETED'));
    const followed = await replay();
    expect([followed.code, followed.stderr]).toStrictEqual([
      0,
      '  (progress check throttled: ThrottlingException: Rate exceeded; trying again)\n',
    ]);
    expect(followed.deps.sleeps).toHaveLength(2);
    eventBridge.on(StartReplayCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const refused = await replay();
    expect([refused.code, refused.stderr]).toStrictEqual([
      1,
      `AWS throttled starting replay ${REPLAY} (StartReplay) (ThrottlingException: Rate exceeded) even after the SDK's retries: wait a minute and run the command again\n`,
    ]);
  });

  it("warns when the range starts before the archive's retention", async () => {
    infraDeployed();
    eventBridge.on(DescribeReplayCommand).resolves(described('COMPLETED'));
    const deps = mockedStageDeps(NOW);
    const result = await runCommand(
      [createReplayCommand(deps)],
      ['replay', '--stage', 'dev', '--from', '2026-11-01T00:00:00Z', '--to', TO],
    );
    expect([result.code, result.stderr]).toStrictEqual([
      0,
      'Note: sfe-dev-bus-archive keeps events 14 days; those before 2026-11-10T12:00:00.000Z are gone.\n',
    ]);
  });

  it('refuses a bad time range before calling AWS', async () => {
    const deps = mockedStageDeps(NOW);
    const command = createReplayCommand(deps);
    const backwards = await runCommand([command], ['replay', '--stage', 'dev', '--from', TO, '--to', FROM]);
    expect([backwards.code, backwards.stderr.split('\n')[0]]).toStrictEqual([
      2,
      '--from must be before --to',
    ]);
    const future = await runCommand(
      [command],
      ['replay', '--stage', 'dev', '--from', FROM, '--to', '2026-11-25T00:00:00Z'],
    );
    expect([future.code, future.stderr.split('\n')[0]]).toStrictEqual([
      2,
      '--to 2026-11-25T00:00:00.000Z is in the future: a replay ends at or before now',
    ]);
    const notATime = await runCommand(
      [command],
      ['replay', '--stage', 'dev', '--from', 'monday', '--to', TO],
    );
    expect(notATime.stderr.split('\n')[0]).toBe('--from "monday" is not a time (use ISO 8601)');
    expect([...eventBridge.calls(), ...ssm.calls()]).toStrictEqual([]);
  });

  it('says what the stage is missing: infra parameters, or the archive', async () => {
    ssm.on(GetParametersCommand).resolves({
      Parameters: [],
      InvalidParameters: ['/sfe/dev/bus/name', '/sfe/dev/bus/arn'],
    });
    const noInfra = await replay();
    expect([noInfra.code, noInfra.stderr]).toStrictEqual([
      1,
      'stage "dev" has no /sfe/dev/bus/name or /sfe/dev/bus/arn in SSM (eu-west-1): deploy infra to it first (pnpm --filter @sfe/infra deploy -- -c stage=dev)\n',
    ]);
    infraDeployed();
    eventBridge.on(ListArchivesCommand).resolves({ Archives: [] });
    const noArchive = await replay();
    expect(noArchive.stderr).toBe('the bus sfe-dev-bus has no archive: infra creates one; is it deployed?\n');
  });

  it('refuses --rule without --stage: the local runtime replays to every matching rule', async () => {
    const result = await runCommand(
      [createReplayCommand(mockedStageDeps(NOW))],
      ['replay', '--from', FROM, '--to', TO, '--rule', 'email-service-learner-emails'],
    );
    expect([result.code, result.stderr.split('\n')[0]]).toStrictEqual([
      2,
      '--rule needs --stage: the local runtime replays to every rule that matches',
    ]);
  });
});

describe('replayNameOf', () => {
  it("names a replay after the stage and the second it started, within EventBridge's pattern", () => {
    const name = replayNameOf('dev', new Date('2026-11-24T12:00:00.123Z'));
    expect(name).toBe(REPLAY);
    expect(name).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/);
  });
});
