import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type _Record,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import {
  createLocalStreamHandler,
  createMemoryDeadLetterSink,
  createMemoryEventPublisher,
} from '@sfe/stream-processor/local';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../commands/new-consumer';
import { createStreamRecoverCommand } from '../commands/stream-recover';
import { ACCOUNT, awsError, mockedStageDeps, queueArn, queueUrl, REGION, runCommand } from './test-support';

const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);
const lambda = mockClient(LambdaClient);
const streams = mockClient(DynamoDBStreamsClient);
const eventBridge = mockClient(EventBridgeClient);

const FIXTURES = join(findRepoRoot(import.meta.dirname), 'apps/stream-processor/fixtures');
const STREAM_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/sfe-dev-platform/stream/2026-11-01T09:00:00.000`;
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:sfe-dev-stream-processor-changes`;
const FAILED_BATCHES = 'sfe-dev-stream-processor-failed-batches';
const SHARD = 'shardId-00000001795000000000-8c2a4f1e';
const ENVIRONMENT = {
  EVENT_BUS_NAME: 'sfe-dev-bus',
  CLAIM_CHECK_BUCKET: `sfe-dev-claim-check-${ACCOUNT}-${REGION}`,
  MALFORMED_RECORDS_QUEUE_URL: queueUrl('sfe-dev-stream-processor-malformed-records'),
  EMIT_COURSE_COMPLETED_V1: 'true',
  EMIT_CERTIFICATE_GENERATED_V1: 'true',
  POWERTOOLS_SERVICE_NAME: 'stream-processor',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

/** A stream processor fixture's record, as the Lambda event source mapping delivered it. */
function lambdaRecord(fixture: string): DynamoDBRecord {
  const event = JSON.parse(readFileSync(join(FIXTURES, `${fixture}.json`), 'utf8')) as DynamoDBStreamEvent;
  const record = event.Records[0];
  if (!record) throw new Error(`${fixture} has no record`);
  return record;
}

/** The same record as DynamoDB Streams' GetRecords returns it through SDK v3 (a Date; no eventSourceARN). */
function streamRecord(fixture: string): _Record {
  const { eventSourceARN: _arn, ...record } = lambdaRecord(fixture);
  const sdk: _Record = JSON.parse(JSON.stringify(record));
  const seconds = record.dynamodb?.ApproximateCreationDateTime ?? 0;
  return { ...sdk, dynamodb: { ...sdk.dynamodb, ApproximateCreationDateTime: new Date(seconds * 1000) } };
}

const sequenceOf = (fixture: string) => lambdaRecord(fixture).dynamodb?.SequenceNumber ?? '';

/** An SQS message holding Lambda's invocation record for a failed batch (AWS's documented shape). */
function pointerMessage(id: string, start: string, end: string, batchSize: number) {
  const body = {
    requestContext: {
      requestId: `316aa6d0-8154-xmpl-9af7-85d5f4a6bc8${id}`,
      functionArn: FUNCTION_ARN,
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 11,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-11-24T09:13:49.717Z',
    DDBStreamBatchInfo: {
      shardId: SHARD,
      startSequenceNumber: start,
      endSequenceNumber: end,
      approximateArrivalOfFirstRecord: '2026-11-24T09:00:07Z',
      approximateArrivalOfLastRecord: '2026-11-24T09:00:19Z',
      batchSize,
      streamArn: STREAM_ARN,
    },
  };
  return {
    MessageId: `m-${id}`,
    ReceiptHandle: `receipt-${id}`,
    MD5OfBody: 'ignored',
    Body: JSON.stringify(body),
  };
}

/** Infra, the stream processor and its failed-batches queue deployed to dev; the queue holds `messages`. */
function deployed(messages: ReturnType<typeof pointerMessage>[]) {
  ssm.on(GetParametersCommand, { Names: ['/sfe/dev/platform-table/stream-arn'] }).resolves({
    Parameters: [
      { Name: '/sfe/dev/platform-table/stream-arn', Type: 'String', Value: STREAM_ARN, Version: 1 },
    ],
    InvalidParameters: [],
  });
  lambda.on(ListEventSourceMappingsCommand, { EventSourceArn: STREAM_ARN }).resolves({
    EventSourceMappings: [
      {
        UUID: '14e0db71-xmpl-4eb5-b481-8945cf9d10c2',
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 100,
        MaximumBatchingWindowInSeconds: 0,
        ParallelizationFactor: 1,
        EventSourceArn: STREAM_ARN,
        FunctionArn: FUNCTION_ARN,
        LastModified: new Date('2026-11-01T09:10:00Z'),
        LastProcessingResult: 'OK',
        State: 'Enabled',
        StateTransitionReason: 'User action',
        DestinationConfig: { OnFailure: { Destination: queueArn(FAILED_BATCHES) } },
        MaximumRecordAgeInSeconds: 43_200,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      },
    ],
  });
  lambda.on(GetFunctionConfigurationCommand, { FunctionName: FUNCTION_ARN }).resolves({
    FunctionName: 'sfe-dev-stream-processor-changes',
    FunctionArn: FUNCTION_ARN,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Environment: { Variables: ENVIRONMENT },
  });
  sqs
    .on(GetQueueUrlCommand, { QueueName: FAILED_BATCHES, QueueOwnerAWSAccountId: ACCOUNT })
    .resolves({ QueueUrl: queueUrl(FAILED_BATCHES) });
  sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: messages }).resolves({});
  sqs.on(DeleteMessageCommand).resolves({});
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, index) => ({ EventId: `event-${index}` })),
  }));
}

/** The shard holds these records from `start` on: GetShardIterator AT_SEQUENCE_NUMBER, then one page. */
function shardHolds(start: string, records: _Record[]) {
  streams
    .on(GetShardIteratorCommand, { ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: start })
    .resolves({ ShardIterator: `iterator-at-${start}` });
  streams
    .on(GetRecordsCommand, { ShardIterator: `iterator-at-${start}` })
    .resolves({ Records: records, NextShardIterator: `iterator-after-${start}` });
  streams.on(GetRecordsCommand, { ShardIterator: `iterator-after-${start}` }).resolves({
    Records: [],
    NextShardIterator: `iterator-after-${start}`,
  });
}

/** What the stream processor publishes for Lambda-delivered records: the baseline recovery must match. */
async function publishedByTheFunction(...fixtures: string[]) {
  const publisher = createMemoryEventPublisher();
  const handle = createLocalStreamHandler({
    publisher,
    deadLetters: createMemoryDeadLetterSink(),
    claimCheckStore: {
      put: async () => {
        throw new Error('no claim check expected');
      },
    },
    busName: 'sfe-dev-bus',
  });
  for (const fixture of fixtures) await handle({ Records: [lambdaRecord(fixture)] });
  return publisher.entries();
}

const published = () =>
  eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);

async function recover() {
  return runCommand([createStreamRecoverCommand(mockedStageDeps())], ['stream', 'recover', '--stage', 'dev']);
}

describe('stream recover --stage', { timeout: 60_000 }, () => {
  beforeEach(() => {
    for (const mock of [sqs, ssm, lambda, streams, eventBridge]) mock.reset();
  });

  it('publishes the records of each failed batch through the function’s own code, then deletes its pointer', async () => {
    const signup = sequenceOf('user-signed-up');
    const registered = sequenceOf('course-registered');
    deployed([pointerMessage('2', registered, registered, 1), pointerMessage('1', signup, signup, 1)]);
    shardHolds(signup, [streamRecord('user-signed-up'), streamRecord('course-registered')]);
    shardHolds(registered, [streamRecord('course-registered')]);

    const result = await recover();
    expect(result).toStrictEqual({
      code: 0,
      stderr: '',
      stdout:
        `${FAILED_BATCHES}: 2 failed batches; publishing through ${FUNCTION_ARN}'s code and settings.\n` +
        `  ${SHARD} ${signup}..${signup}: published 1 record (pk=USER#u-1001 sk=PROFILE); pointer deleted\n` +
        `  ${SHARD} ${registered}..${registered}: published 1 record (pk=USER#u-1001 sk=ENROLMENT#c-serverless-101); pointer deleted\n` +
        'Recovered 2 of 2 failed batches.\n',
    });
    // Oldest first, and byte for byte what the function publishes for the records Lambda delivered.
    expect(published()).toStrictEqual(await publishedByTheFunction('user-signed-up', 'course-registered'));
    expect(streams.commandCalls(GetShardIteratorCommand)[0]?.args[0].input).toStrictEqual({
      StreamArn: STREAM_ARN,
      ShardId: SHARD,
      ShardIteratorType: 'AT_SEQUENCE_NUMBER',
      SequenceNumber: signup,
    });
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toStrictEqual([
      { QueueUrl: queueUrl(FAILED_BATCHES), ReceiptHandle: 'receipt-1' },
      { QueueUrl: queueUrl(FAILED_BATCHES), ReceiptHandle: 'receipt-2' },
    ]);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]?.args[0].input).toStrictEqual({
      QueueUrl: queueUrl(FAILED_BATCHES),
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 1800,
      WaitTimeSeconds: 1,
    });
  });

  it('reports a batch the stream has trimmed as lost and leaves its pointer in the queue', async () => {
    deployed([pointerMessage('1', '4000000000000000001', '4000000000000000009', 3)]);
    streams
      .on(GetShardIteratorCommand)
      .rejects(
        awsError(
          'TrimmedDataAccessException',
          'The operation attempted to read past the oldest stream record in a shard.',
        ),
      );
    const result = await recover();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  ${SHARD} 4000000000000000001..4000000000000000009: LOST: 3 records no longer in the stream ` +
        '(TrimmedDataAccessException: The operation attempted to read past the oldest stream record in a shard.); ' +
        'their item keys went with them: find the items changed in the table, changes committed ' +
        '2026-11-24T09:00:07Z to 2026-11-24T09:00:19Z; pointer left in the queue\n',
    );
    expect(result.stdout).toContain(
      `Recovered 0 of 1 failed batch; 1 left in ${FAILED_BATCHES} (see above).\n`,
    );
    expect(sqs.commandCalls(DeleteMessageCommand)).toStrictEqual([]);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toStrictEqual([
      { QueueUrl: queueUrl(FAILED_BATCHES), ReceiptHandle: 'receipt-1', VisibilityTimeout: 0 },
    ]);
    expect(published()).toStrictEqual([]);
  });

  it('publishes what is still readable of a partly trimmed batch, names its keys, and keeps the pointer', async () => {
    const registered = sequenceOf('course-registered');
    deployed([pointerMessage('1', registered, sequenceOf('course-completed'), 2)]);
    shardHolds(registered, [streamRecord('course-registered')]);
    const result = await recover();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `: published the 1 record still in the stream (pk=USER#u-1001 sk=ENROLMENT#c-serverless-101); ` +
        'LOST: 1 record of 2 no longer in the stream (changes committed 2026-11-24T09:00:07Z to 2026-11-24T09:00:19Z); pointer left in the queue\n',
    );
    expect(published().map((entry) => entry.DetailType)).toStrictEqual(['CourseRegistered']);
    expect(sqs.commandCalls(DeleteMessageCommand)).toStrictEqual([]);
  });

  it('keeps the pointer of a batch EventBridge would not take, saying which records failed', async () => {
    const signup = sequenceOf('user-signed-up');
    deployed([pointerMessage('1', signup, signup, 1)]);
    shardHolds(signup, [streamRecord('user-signed-up')]);
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    const result = await recover();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `  ${SHARD} ${signup}..${signup}: 1 record not published (pk=USER#u-1001 sk=PROFILE); pointer left in the queue to run again\n`,
    );
    expect(result.stdout).toMatch(/ThrottlingException \(Rate exceeded\) after 4 attempts/);
    // The function's own retries ran (4 attempts) before the record was given up on.
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(4);
    expect(sqs.commandCalls(DeleteMessageCommand)).toStrictEqual([]);
  });

  it('renews an iterator that expired while reading, and reports a read AWS kept throttling', async () => {
    const signup = sequenceOf('user-signed-up');
    deployed([pointerMessage('1', signup, signup, 1)]);
    shardHolds(signup, [streamRecord('user-signed-up')]);
    streams
      .on(GetRecordsCommand, { ShardIterator: `iterator-at-${signup}` })
      .rejectsOnce(awsError('ExpiredIteratorException', 'Iterator expired'))
      .resolves({ Records: [streamRecord('user-signed-up')], NextShardIterator: 'next' });
    expect((await recover()).code).toBe(0);
    expect(streams.commandCalls(GetShardIteratorCommand)).toHaveLength(2);

    for (const mock of [sqs, ssm, lambda, streams, eventBridge]) mock.reset();
    deployed([pointerMessage('1', signup, signup, 1)]);
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'iterator' });
    streams.on(GetRecordsCommand).rejects(awsError('LimitExceededException', 'Too many requests'));
    const throttled = await recover();
    expect(throttled.code).toBe(1);
    expect(throttled.stderr).toBe(
      `stopped early: AWS throttled reading ${SHARD} ${signup}..${signup} from the stream (LimitExceededException: Too many requests) even after the SDK's retries: wait a minute and run the command again\n`,
    );
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(1);
  });

  it('leaves a message that is not a failed-batch pointer, saying why', async () => {
    deployed([{ MessageId: 'm-x', ReceiptHandle: 'receipt-x', MD5OfBody: 'x', Body: '{"hello":"world"}' }]);
    const result = await recover();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '  message m-x: not a failed-batch pointer (DDBStreamBatchInfo: Invalid input: expected object, received undefined); left in the queue\n',
    );
  });

  it('says so when there is nothing to recover', async () => {
    deployed([]);
    sqs.on(ReceiveMessageCommand).resolves({});
    expect(await recover()).toStrictEqual({
      code: 0,
      stdout: `${FAILED_BATCHES} is empty: no failed batches to recover (eu-west-1).\n`,
      stderr: '',
    });
  });

  it('names what the stage is missing: the stream parameter, or the stream processor', async () => {
    ssm.on(GetParametersCommand).resolves({ InvalidParameters: ['/sfe/dev/platform-table/stream-arn'] });
    expect(await recover()).toStrictEqual({
      code: 1,
      stdout: '',
      stderr:
        'stage "dev" has no /sfe/dev/platform-table/stream-arn in SSM (eu-west-1): deploy infra to it first (pnpm --filter @sfe/infra deploy -- -c stage=dev)\n',
    });
    deployed([]);
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
    expect((await recover()).stderr).toBe(
      `no function reads ${STREAM_ARN}: deploy the stream processor to stage dev\n`,
    );
  });

  it('needs --stage', async () => {
    const result = await runCommand([createStreamRecoverCommand(mockedStageDeps())], ['stream', 'recover']);
    expect([result.code, result.stderr.split('\n')[0]]).toStrictEqual([2, '--stage is required']);
  });
});
