import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDlqListCommand } from '../commands/dlq-list';
import { createDlqRedriveCommand } from '../commands/dlq-redrive';
import { expectedDeadLetterQueues } from './dead-letters';
import { awsError, mockedStageDeps, queueArn, queueUrl, runCommand } from './test-support';

const sqs = mockClient(SQSClient);

const DLQ = 'sfe-dev-email-service-learner-emails-dlq';
const SOURCE = 'sfe-dev-email-service-learner-emails';
const FAILED_BATCHES = 'sfe-dev-stream-processor-failed-batches';
const MALFORMED = 'sfe-dev-stream-processor-malformed-records';
const REPORTING_DLQ = 'sfe-dev-reporting-service-reported-events-dlq';
// TaskHandle from the StartMessageMoveTask documentation's example.
const TASK_HANDLE =
  'eyJ0YXNrSWQiOiJkYzE2OWUwNC0wZTU1LTQ0ZDItYWE5MC1jMDgwY2ExZjM2ZjciLCJzb3VyY2VBcm4iOiJhcm46YXdzOnNxczp1cy1lYXN0LTE6NTU1NTU1NTU1NTU1Om15LWRscSJ9';

/** GetQueueAttributes' answer for a queue with this many messages visible and in flight. */
function attributes(name: string, visible: number, inFlight = 0) {
  return {
    Attributes: {
      QueueArn: queueArn(name),
      ApproximateNumberOfMessages: String(visible),
      ApproximateNumberOfMessagesNotVisible: String(inFlight),
    },
  };
}

/** A deployed stage with some of its queues: the consumer queues and DLQs of email-service, and the rest. */
function deployed(depths: Record<string, [number, number?]>) {
  sqs
    .on(ListQueuesCommand, { QueueNamePrefix: 'sfe-dev-' })
    .resolves({ QueueUrls: [SOURCE, ...Object.keys(depths)].map(queueUrl) });
  for (const [name, [visible, inFlight]] of Object.entries(depths)) {
    sqs
      .on(GetQueueAttributesCommand, { QueueUrl: queueUrl(name) })
      .resolves(attributes(name, visible, inFlight));
  }
  sqs.on(GetQueueAttributesCommand, { QueueUrl: queueUrl(SOURCE) }).resolves(attributes(SOURCE, 0));
}

describe('dlq list --stage', { timeout: 30_000 }, () => {
  beforeEach(() => sqs.reset());

  it("lists each of the stage's DLQs with its approximate depth, how to recover it, and those not deployed", async () => {
    deployed({ [DLQ]: [3, 1], [REPORTING_DLQ]: [0], [FAILED_BATCHES]: [2], [MALFORMED]: [0] });
    const deps = mockedStageDeps();
    const result = await runCommand([createDlqListCommand(deps)], ['dlq', 'list', '--stage', 'dev']);
    expect([result.code, result.stderr]).toStrictEqual([0, '']);
    const lines = result.stdout.split('\n').map((line) => line.replace(/ {2,}/g, '  ').trim());
    expect(lines[0]).toBe('Dead-letter queues of stage dev (eu-west-1), approximate counts:');
    expect(lines).toContain(
      `${DLQ}  3 messages (+1 in flight)  redrive: pnpm sfe dlq redrive ${DLQ} --stage dev`,
    );
    expect(lines).toContain(`${FAILED_BATCHES}  2 messages  recover: pnpm sfe stream recover --stage dev`);
    expect(lines).toContain(`${REPORTING_DLQ}  0 messages`);
    const notDeployed = (await expectedDeadLetterQueues('dev'))
      .filter((queue) => ![DLQ, REPORTING_DLQ, FAILED_BATCHES, MALFORMED].includes(queue.name))
      .map((queue) => `${queue.name} (${queue.service})`);
    expect(notDeployed).toContain('sfe-dev-certificate-service-course-completed-dlq (certificate-service)');
    expect(lines).toContain(`Not deployed in eu-west-1: ${notDeployed.join(', ')}`);
  });

  it('prints the listing as JSON with --json', async () => {
    deployed({ [DLQ]: [3], [FAILED_BATCHES]: [0] });
    const result = await runCommand(
      [createDlqListCommand(mockedStageDeps())],
      ['dlq', 'list', '--stage', 'dev', '--json'],
    );
    const listing = JSON.parse(result.stdout);
    expect(listing.queues).toStrictEqual([
      {
        name: DLQ,
        service: 'email-service',
        kind: 'consumer',
        source: SOURCE,
        recovery: `redrive: pnpm sfe dlq redrive ${DLQ} --stage dev`,
        url: queueUrl(DLQ),
        visible: 3,
        inFlight: 0,
      },
      {
        name: FAILED_BATCHES,
        service: 'stream-processor',
        kind: 'failed-batches',
        recovery: 'recover: pnpm sfe stream recover --stage dev',
        url: queueUrl(FAILED_BATCHES),
        visible: 0,
        inFlight: 0,
      },
    ]);
    expect(listing.notDeployed).toContain(MALFORMED);
  });

  it('says the stage is not deployed when none of its queues exist', async () => {
    sqs.on(ListQueuesCommand).resolves({});
    const result = await runCommand(
      [createDlqListCommand(mockedStageDeps())],
      ['dlq', 'list', '--stage', 'prod'],
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^stage "prod" has none of its \d+ dead-letter queues in eu-west-1 \(sfe-prod-.*-dlq, .*\): deploy infra and the apps to it, or check AWS_REGION \/ AWS_PROFILE\n$/,
    );
  });

  it('reports throttling that outlasted the SDK retries, naming the call', async () => {
    sqs.on(ListQueuesCommand).rejects(awsError('RequestThrottled', 'Request is throttled.'));
    const result = await runCommand(
      [createDlqListCommand(mockedStageDeps())],
      ['dlq', 'list', '--stage', 'dev'],
    );
    expect(result).toStrictEqual({
      code: 1,
      stdout: '',
      stderr:
        "AWS throttled listing the SQS queues of stage dev (RequestThrottled: Request is throttled.) even after the SDK's retries: wait a minute and run the command again\n",
    });
  });

  it('says which part of the AWS chain is missing: the region or the credentials', async () => {
    sqs.on(ListQueuesCommand).rejects(new Error('Region is missing'));
    const noRegion = await runCommand(
      [createDlqListCommand(mockedStageDeps())],
      ['dlq', 'list', '--stage', 'dev'],
    );
    expect(noRegion.stderr).toBe(
      'listing the SQS queues of stage dev failed: no AWS region: set AWS_REGION, or AWS_PROFILE to a profile with a region\n',
    );
    sqs
      .on(ListQueuesCommand)
      .rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const noCredentials = await runCommand(
      [createDlqListCommand(mockedStageDeps())],
      ['dlq', 'list', '--stage', 'dev'],
    );
    expect(noCredentials.stderr).toBe(
      'listing the SQS queues of stage dev failed: no AWS credentials (Could not load credentials from any providers): ' +
        'set AWS_PROFILE, or run `aws sso login`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n',
    );
  });

  it('refuses --stage with --data-dir, and a stage that cannot be one', async () => {
    const command = createDlqListCommand(mockedStageDeps());
    const both = await runCommand([command], ['dlq', 'list', '--stage', 'dev', '--data-dir', '.sfe']);
    expect([both.code, both.stderr.split('\n')[0]]).toStrictEqual([
      2,
      "--data-dir is the local runtime's state; --stage acts on AWS: give one of them",
    ]);
    const invalid = await runCommand([command], ['dlq', 'list', '--stage', 'Prod!']);
    expect([invalid.code, invalid.stderr.split('\n')[0]]).toStrictEqual([
      2,
      '--stage: stage "Prod!" is invalid: use 1-16 lower-case letters, digits or hyphens, starting with a letter',
    ]);
    expect(sqs.calls()).toStrictEqual([]);
  });
});

describe('dlq redrive --stage', { timeout: 30_000 }, () => {
  beforeEach(() => sqs.reset());

  it("moves the DLQ's messages to its consumer queue and follows the task until it completes", async () => {
    deployed({ [DLQ]: [5] });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: TASK_HANDLE });
    const running = (moved: number) => ({
      Results: [
        {
          TaskHandle: TASK_HANDLE,
          Status: 'RUNNING',
          SourceArn: queueArn(DLQ),
          DestinationArn: queueArn(SOURCE),
          ApproximateNumberOfMessagesMoved: moved,
          ApproximateNumberOfMessagesToMove: 5,
          StartedTimestamp: 1795000000000,
        },
      ],
    });
    sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce(running(0))
      .resolvesOnce(running(2))
      .resolvesOnce(running(2))
      .resolves({
        Results: [
          {
            Status: 'COMPLETED',
            SourceArn: queueArn(DLQ),
            DestinationArn: queueArn(SOURCE),
            ApproximateNumberOfMessagesMoved: 5,
            ApproximateNumberOfMessagesToMove: 5,
            StartedTimestamp: 1795000000000,
          },
        ],
      });
    const deps = mockedStageDeps();
    // The local name, as `pnpm sfe dlq list` shows it without --stage, finds the stage's queue.
    const result = await runCommand(
      [createDlqRedriveCommand(deps)],
      ['dlq', 'redrive', 'email-service-learner-emails', '--stage', 'dev'],
    );
    expect(result).toStrictEqual({
      code: 0,
      stdout:
        `Moving about 5 messages from ${DLQ} to ${SOURCE}...\n` +
        '  running: 0 of 5 moved\n  running: 2 of 5 moved\n' +
        `Redrove 5 messages from ${DLQ} to ${SOURCE}.\n`,
      stderr: '',
    });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand).map((call) => call.args[0].input)).toStrictEqual([
      { SourceArn: queueArn(DLQ), DestinationArn: queueArn(SOURCE) },
    ]);
    expect(deps.sleeps).toStrictEqual([2000, 2000, 2000, 2000]);
  });

  it('reports a task that failed part way with its reason, and exits 1', async () => {
    deployed({ [DLQ]: [5] });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: TASK_HANDLE });
    sqs.on(ListMessageMoveTasksCommand).resolves({
      Results: [
        {
          Status: 'FAILED',
          SourceArn: queueArn(DLQ),
          DestinationArn: queueArn(SOURCE),
          ApproximateNumberOfMessagesMoved: 2,
          ApproximateNumberOfMessagesToMove: 5,
          FailureReason: 'AWS.SimpleQueueService.UnsupportedOperation',
          StartedTimestamp: 1795000000000,
        },
      ],
    });
    const result = await runCommand(
      [createDlqRedriveCommand(mockedStageDeps())],
      ['dlq', 'redrive', DLQ, '--stage', 'dev'],
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Redrive of ${DLQ} failed after moving 2 of 5 messages: AWS.SimpleQueueService.UnsupportedOperation. ` +
        `The other messages are still in ${DLQ}; run \`pnpm sfe dlq redrive ${DLQ} --stage dev\` again once the cause is fixed.\n`,
    );
  });

  it('keeps watching through throttled progress checks', async () => {
    deployed({ [DLQ]: [1] });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: TASK_HANDLE });
    sqs
      .on(ListMessageMoveTasksCommand)
      .rejectsOnce(awsError('RequestThrottled', 'Request is throttled.'))
      .resolves({ Results: [{ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 1 }] });
    const result = await runCommand(
      [createDlqRedriveCommand(mockedStageDeps())],
      ['dlq', 'redrive', DLQ, '--stage', 'dev'],
    );
    expect(result).toStrictEqual({
      code: 0,
      stdout: `Moving about 1 message from ${DLQ} to ${SOURCE}...\nRedrove 1 message from ${DLQ} to ${SOURCE}.\n`,
      stderr: '  (progress check throttled: RequestThrottled: Request is throttled.; trying again)\n',
    });
  });

  it('reports a start that AWS refused or throttled, having moved nothing', async () => {
    deployed({ [DLQ]: [1] });
    sqs.on(StartMessageMoveTaskCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const throttled = await runCommand(
      [createDlqRedriveCommand(mockedStageDeps())],
      ['dlq', 'redrive', DLQ, '--stage', 'dev'],
    );
    expect([throttled.code, throttled.stderr]).toStrictEqual([
      1,
      `AWS throttled starting to move ${DLQ}'s messages (StartMessageMoveTask) (ThrottlingException: Rate exceeded) even after the SDK's retries: wait a minute and run the command again\n`,
    ]);
    sqs
      .on(StartMessageMoveTaskCommand)
      .rejects(awsError('UnsupportedOperation', 'There is already a task running for this queue.'));
    const running = await runCommand(
      [createDlqRedriveCommand(mockedStageDeps())],
      ['dlq', 'redrive', DLQ, '--stage', 'dev'],
    );
    expect(running.stderr).toBe(
      `starting to move ${DLQ}'s messages (StartMessageMoveTask) failed: UnsupportedOperation: There is already a task running for this queue.\n`,
    );
  });

  it('starts nothing when the DLQ is empty', async () => {
    deployed({ [DLQ]: [0, 2] });
    const result = await runCommand(
      [createDlqRedriveCommand(mockedStageDeps())],
      ['dlq', 'redrive', DLQ, '--stage', 'dev'],
    );
    expect(result.stdout).toBe(
      `${DLQ} has no messages to redrive (2 in flight: someone is reading it; try again later).\n`,
    );
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toStrictEqual([]);
  });

  it('names what is wrong with the queue it was given', async () => {
    const command = createDlqRedriveCommand(mockedStageDeps());
    const unknown = await runCommand([command], ['dlq', 'redrive', 'email-service-nope', '--stage', 'dev']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      new RegExp(`^unknown queue "email-service-nope" for stage dev: its dead-letter queues are .*${DLQ}`),
    );
    const pointers = await runCommand([command], ['dlq', 'redrive', FAILED_BATCHES, '--stage', 'dev']);
    expect(pointers.stderr.split('\n')[0]).toBe(
      `${FAILED_BATCHES} holds pointers to stream records, not events: recover them with \`pnpm sfe stream recover --stage dev\``,
    );
    deployed({});
    const notDeployed = await runCommand([command], ['dlq', 'redrive', REPORTING_DLQ, '--stage', 'dev']);
    expect([notDeployed.code, notDeployed.stderr]).toStrictEqual([
      1,
      `${REPORTING_DLQ} does not exist in eu-west-1: is reporting-service deployed to stage dev?\n`,
    ]);
  });
});
