import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListArchivesCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  paginateListEventSourceMappings,
} from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  paginateListQueues,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { createDeployedStreamHandler } from '@sfe/stream-processor/deployed';
import type { DynamoDBRecord } from 'aws-lambda';
import {
  describeAwsError,
  type StageAws,
  type StageEvents,
  type StageFunctions,
  type StageParameters,
  type StageQueues,
  type StageStream,
  StreamRecordsGoneError,
} from './stage-aws';
import { toLambdaRecord } from './stream-records';

/** The SDK clients behind `StageAws`. */
export interface StageClients {
  readonly sqs: SQSClient;
  readonly eventBridge: EventBridgeClient;
  readonly ssm: SSMClient;
  readonly lambda: LambdaClient;
  readonly streams: DynamoDBStreamsClient;
}

/**
 * The SDK retries throttling and transient errors with backoff (standard mode); an operator's command can wait
 * a little longer than a Lambda, so it gets more attempts than the default 3.
 */
const CLIENT_CONFIG = { maxAttempts: 6 } as const;

/** New clients on the standard credential and region chain (AWS_PROFILE, AWS_REGION, SSO, ...). */
export function createStageClients(): StageClients {
  return {
    sqs: new SQSClient(CLIENT_CONFIG),
    eventBridge: new EventBridgeClient(CLIENT_CONFIG),
    ssm: new SSMClient(CLIENT_CONFIG),
    lambda: new LambdaClient(CLIENT_CONFIG),
    streams: new DynamoDBStreamsClient(CLIENT_CONFIG),
  };
}

/** `StageAws` on SDK v3 clients. */
export function createAwsStage(clients: StageClients = createStageClients()): StageAws {
  return {
    region: async () => {
      try {
        return await clients.sqs.config.region();
      } catch {
        return '(no region: set AWS_REGION or a profile with one)';
      }
    },
    queues: awsQueues(clients.sqs),
    events: awsEvents(clients.eventBridge),
    parameters: awsParameters(clients.ssm),
    functions: awsFunctions(clients.lambda),
    stream: awsStream(clients.streams),
    streamProcessor: (environment, log) =>
      createDeployedStreamHandler(environment, {
        clients: { eventBridge: clients.eventBridge, sqs: clients.sqs },
        logger: log,
      }),
  };
}

/** The last segment of an ARN (`arn:aws:sqs:eu-west-1:123456789012:name` → `name`). */
function arnResource(arn: string): { account: string; resource: string } {
  const parts = arn.split(':');
  return { account: parts[4] ?? '', resource: parts.slice(5).join(':') };
}

function awsQueues(client: SQSClient): StageQueues {
  return {
    async list(prefix) {
      const urls = new Map<string, string>();
      for await (const page of paginateListQueues(
        { client },
        { QueueNamePrefix: prefix, MaxResults: 1000 },
      )) {
        for (const url of page.QueueUrls ?? []) urls.set(url.slice(url.lastIndexOf('/') + 1), url);
      }
      return urls;
    },
    async urlOf(arn) {
      const { account, resource } = arnResource(arn);
      const { QueueUrl } = await client.send(
        new GetQueueUrlCommand({ QueueName: resource, QueueOwnerAWSAccountId: account }),
      );
      if (!QueueUrl) throw new Error(`SQS returned no URL for ${arn}`);
      return QueueUrl;
    },
    async state(url) {
      const { Attributes = {} } = await client.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'QueueArn',
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
          ],
        }),
      );
      return {
        name: url.slice(url.lastIndexOf('/') + 1),
        url,
        arn: Attributes.QueueArn ?? '',
        visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    },
    async startMove(sourceArn, destinationArn) {
      const { TaskHandle } = await client.send(
        new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }),
      );
      return TaskHandle ?? '';
    },
    async moveTasks(sourceArn) {
      const { Results = [] } = await client.send(
        new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
      );
      return Results.map((task) => ({
        ...(task.TaskHandle ? { taskHandle: task.TaskHandle } : {}),
        status: task.Status ?? 'UNKNOWN',
        moved: task.ApproximateNumberOfMessagesMoved ?? 0,
        ...(task.ApproximateNumberOfMessagesToMove === undefined
          ? {}
          : { toMove: task.ApproximateNumberOfMessagesToMove }),
        ...(task.FailureReason ? { failureReason: task.FailureReason } : {}),
      }));
    },
    async receive(url, options) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: options.max,
          VisibilityTimeout: options.visibilityTimeoutSeconds,
          // Long polling asks every SQS server, so an empty answer means the queue is empty.
          WaitTimeSeconds: 1,
        }),
      );
      return Messages.map((message) => ({
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
      }));
    },
    async remove(url, receiptHandle) {
      await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: receiptHandle }));
    },
    async release(url, receiptHandle) {
      await client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: receiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    },
  };
}

function awsEvents(client: EventBridgeClient): StageEvents {
  return {
    async archivesOf(busArn) {
      const { Archives = [] } = await client.send(new ListArchivesCommand({ EventSourceArn: busArn }));
      const archives = [];
      for (const archive of Archives) {
        // ListArchives gives no ARN, and StartReplay needs it.
        const described = await client.send(new DescribeArchiveCommand({ ArchiveName: archive.ArchiveName }));
        archives.push({
          name: archive.ArchiveName ?? '',
          arn: described.ArchiveArn ?? '',
          state: archive.State ?? 'UNKNOWN',
          retentionDays: archive.RetentionDays ?? 0,
        });
      }
      return archives;
    },
    async ruleArn(ruleName, busName) {
      try {
        const { Arn } = await client.send(new DescribeRuleCommand({ Name: ruleName, EventBusName: busName }));
        return Arn;
      } catch (error) {
        if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
        throw error;
      }
    },
    async startReplay(input) {
      await client.send(
        new StartReplayCommand({
          ReplayName: input.name,
          Description: input.description,
          EventSourceArn: input.archiveArn,
          EventStartTime: input.from,
          EventEndTime: input.to,
          Destination: {
            Arn: input.busArn,
            ...(input.ruleArns ? { FilterArns: [...input.ruleArns] } : {}),
          },
        }),
      );
    },
    async describeReplay(name) {
      const replay = await client.send(new DescribeReplayCommand({ ReplayName: name }));
      return {
        state: replay.State ?? 'UNKNOWN',
        ...(replay.StateReason ? { reason: replay.StateReason } : {}),
        ...(replay.EventLastReplayedTime ? { lastReplayed: replay.EventLastReplayedTime } : {}),
      };
    },
  };
}

function awsParameters(client: SSMClient): StageParameters {
  return {
    async get(names) {
      const values = new Map<string, string>();
      const missing: string[] = [];
      // GetParameters takes at most 10 names.
      for (let index = 0; index < names.length; index += 10) {
        const { Parameters = [], InvalidParameters = [] } = await client.send(
          new GetParametersCommand({ Names: names.slice(index, index + 10) }),
        );
        for (const parameter of Parameters) {
          if (parameter.Name && parameter.Value !== undefined) values.set(parameter.Name, parameter.Value);
        }
        missing.push(...InvalidParameters);
      }
      return { values, missing };
    },
  };
}

function awsFunctions(client: LambdaClient): StageFunctions {
  return {
    async mappingsOf(eventSourceArn) {
      const mappings = [];
      for await (const page of paginateListEventSourceMappings(
        { client },
        { EventSourceArn: eventSourceArn },
      )) {
        for (const mapping of page.EventSourceMappings ?? []) {
          const onFailure = mapping.DestinationConfig?.OnFailure?.Destination;
          mappings.push({
            uuid: mapping.UUID ?? '',
            functionArn: mapping.FunctionArn ?? '',
            state: mapping.State ?? 'Unknown',
            ...(onFailure ? { onFailure } : {}),
          });
        }
      }
      return mappings;
    },
    async environmentOf(functionArn) {
      const { Environment } = await client.send(
        new GetFunctionConfigurationCommand({ FunctionName: functionArn }),
      );
      if (Environment?.Error) {
        throw new Error(
          `Lambda cannot show ${functionArn}'s environment: ${Environment.Error.ErrorCode} ${Environment.Error.Message ?? ''}`.trim(),
        );
      }
      return { ...Environment?.Variables };
    },
  };
}

/** A shard read that returns nothing this many times in a row has no more records for us. */
const MAX_EMPTY_READS = 5;

/** Errors meaning the records (or the stream or shard) are no longer there. */
const GONE = new Set(['TrimmedDataAccessException', 'ResourceNotFoundException']);

function awsStream(client: DynamoDBStreamsClient): StageStream {
  return {
    async read(range) {
      const end = BigInt(range.endSequenceNumber);
      const records: DynamoDBRecord[] = [];
      const iteratorAfter = async (
        type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
        sequenceNumber: string,
      ) =>
        (
          await client.send(
            new GetShardIteratorCommand({
              StreamArn: range.streamArn,
              ShardId: range.shardId,
              ShardIteratorType: type,
              SequenceNumber: sequenceNumber,
            }),
          )
        ).ShardIterator;
      try {
        let iterator = await iteratorAfter('AT_SEQUENCE_NUMBER', range.startSequenceNumber);
        let renewed = false;
        let emptyReads = 0;
        while (iterator) {
          let page: GetRecordsCommandOutput;
          try {
            page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          } catch (error) {
            // An iterator lives 15 minutes; a slow read gets one new iterator from where it was.
            if (!(error instanceof Error) || error.name !== 'ExpiredIteratorException' || renewed)
              throw error;
            renewed = true;
            const last = records.at(-1)?.dynamodb?.SequenceNumber;
            iterator = await (last
              ? iteratorAfter('AFTER_SEQUENCE_NUMBER', last)
              : iteratorAfter('AT_SEQUENCE_NUMBER', range.startSequenceNumber));
            continue;
          }
          for (const record of page.Records ?? []) {
            if (BigInt(record.dynamodb?.SequenceNumber ?? '0') > end) return records;
            records.push(toLambdaRecord(record, range.streamArn));
            if (BigInt(record.dynamodb?.SequenceNumber ?? '0') === end) return records;
          }
          emptyReads = (page.Records ?? []).length === 0 ? emptyReads + 1 : 0;
          if (emptyReads >= MAX_EMPTY_READS) return records;
          iterator = page.NextShardIterator;
        }
        return records;
      } catch (error) {
        if (error instanceof Error && (GONE.has(error.name) || error.name === 'ExpiredIteratorException')) {
          throw new StreamRecordsGoneError(describeAwsError(error));
        }
        throw error;
      }
    },
  };
}
