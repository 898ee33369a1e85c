import { readFile } from 'node:fs/promises';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { TableStorePersistenceLayer } from '@sfe/consumer-toolkit';
import {
  CapturingLogger,
  courseCompletedV2,
  coursePaymentComplete,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
  userSignedUp,
  videoProcessingFailed,
} from '@sfe/consumer-toolkit/testing';
import type { DomainEvent } from '@sfe/events';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { MemoryTableStore } from '@sfe/records';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { alarmFixtureText, sqsRecordOf } from '../test/alarm-fixtures';
import type { DeliveryLabel, SlackPoster, TelegramSender } from './adapters/chat';
import type { SlackMessage } from './domain/slack-message';
import type { TelegramMessage } from './domain/telegram-message';
import { readNotificationEnv, toNotificationConfig } from './env';
import { createHandler, createOpsAlarmsHandler } from './handler';
import { NOTIFICATION_EVENT_TYPES } from './subscription';

const lambdaContext = () =>
  createTestLambdaContext({ functionName: 'notification-service-team-notifications' });
const deliver = (event: DomainEvent, messageId: string) =>
  toSqsRecord(toEventBridgeEvent(event), { messageId });

/** Chat fakes that record each payload and can be told to fail the next calls. */
/** What each attempt's log line says it posted: the lines that carry `deliveredAs`. */
const deliveryLines = (logger: CapturingLogger) =>
  logger.lines
    .filter((line) => line.deliveredAs)
    .map(({ message, deliveredAs, postedBefore }) => ({ message, deliveredAs, postedBefore }));

function recordingChats() {
  const slack: SlackMessage[] = [];
  const telegram: TelegramMessage[] = [];
  const failures = { slack: 0, telegram: 0 };
  const poster: SlackPoster = {
    async post(message: SlackMessage, _label: DeliveryLabel) {
      if (failures.slack > 0) {
        failures.slack -= 1;
        throw new Error('slack: service_unavailable');
      }
      slack.push(message);
      return { id: `C0123456789/1700000000.00010${slack.length}` };
    },
  };
  const sender: TelegramSender = {
    async send(message: TelegramMessage) {
      if (failures.telegram > 0) {
        failures.telegram -= 1;
        throw new Error('Telegram sendMessage failed (502): Bad Gateway');
      }
      telegram.push(message);
      return { id: `${message.chat_id}/${telegram.length}` };
    },
  };
  return { slack, telegram, failures, poster, sender };
}

function harness(
  channels = 'slack,telegram',
  ops: Record<string, string> = {},
  store = new MemoryTableStore(),
  chats = recordingChats(),
) {
  const logger = new CapturingLogger({ serviceName: 'notification-service' });
  const deps = {
    config: toNotificationConfig(
      readNotificationEnv({
        NOTIFICATION_CHANNELS: channels,
        SLACK_CHANNEL_ID: 'C0123456789',
        TELEGRAM_CHAT_ID: '-1001234567890',
        NOTIFICATION_SECRET_ID: 'sfe-test-bot-tokens',
        IDEMPOTENCY_TABLE_NAME: 'sfe-test-idempotency',
        ...ops,
      }),
    ),
    slack: chats.poster,
    telegram: chats.sender,
    newPersistenceStore: () => new TableStorePersistenceLayer({ store }),
    logger,
  };
  return {
    handler: createHandler(deps),
    opsHandler: createOpsAlarmsHandler(deps),
    logger,
    store,
    ...chats,
  };
}

describe('notification-service handler', () => {
  it('posts each accepted event to every configured channel', async () => {
    const { handler, slack, telegram } = harness();
    const response = await handler(
      toSqsEvent([
        deliver(userSignedUp(), 'm-1'),
        deliver(coursePaymentComplete(), 'm-2'),
        // The toolkit's test completion and video failure share an event id: give this one its own.
        deliver(courseCompletedV2({}, { id: '5ab1c0a3-0ec0-4d99-9e95-7dcd4b6b5e05' }), 'm-3'),
        deliver(videoProcessingFailed(), 'm-4'),
      ]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(slack.map((message) => [message.channel, message.text])).toStrictEqual([
      ['C0123456789', ':tada: New signup: Ada Lovelace'],
      ['C0123456789', ':tada: Payment received: £49.99'],
      ['C0123456789', ':tada: Course completed: Event-Driven Architecture'],
      ['C0123456789', ':rotating_light: Video processing failed: Intro to queues'],
    ]);
    expect(telegram.map((message) => [message.chat_id, message.text.split('\n')[0]])).toStrictEqual([
      ['-1001234567890', '🎉 <b>New signup: Ada Lovelace</b>'],
      ['-1001234567890', '🎉 <b>Payment received: £49.99</b>'],
      ['-1001234567890', '🎉 <b>Course completed: Event-Driven Architecture</b>'],
      ['-1001234567890', '🚨 <b>Video processing failed: Intro to queues</b>'],
    ]);
  });

  it.each([
    ['slack', 1, 0],
    ['telegram', 0, 1],
  ])('posts only to %s when that is the configured channel', async (channels, slackCount, telegramCount) => {
    const { handler, slack, telegram } = harness(channels);
    await handler(toSqsEvent([deliver(userSignedUp(), 'm-1')]), lambdaContext());
    expect([slack.length, telegram.length]).toStrictEqual([slackCount, telegramCount]);
  });

  it('posts once per channel when the same event is delivered twice', async () => {
    const { handler, slack, telegram } = harness();
    const event = coursePaymentComplete();
    await handler(toSqsEvent([deliver(event, 'm-1'), deliver(event, 'm-2')]), lambdaContext());
    await handler(toSqsEvent([deliver(event, 'm-3')]), lambdaContext());
    expect([slack.length, telegram.length]).toStrictEqual([1, 1]);
  });

  it('retries only the channel that failed: Slack is not posted twice when Telegram fails once', async () => {
    const { handler, slack, telegram, failures, logger } = harness();
    failures.telegram = 1;
    const event = videoProcessingFailed();
    const failed = await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
    expect(failed).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect([slack.length, telegram.length]).toStrictEqual([1, 0]);

    const retried = await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
    expect(retried).toStrictEqual({ batchItemFailures: [] });
    expect([slack.length, telegram.length]).toStrictEqual([1, 1]);
    // Each attempt says what it posted, the failed one included.
    expect(deliveryLines(logger)).toStrictEqual([
      {
        message: 'Posted notification before a channel failed',
        deliveredAs: { slack: 'C0123456789/1700000000.000101' },
        postedBefore: undefined,
      },
      { message: 'Handled event', deliveredAs: { telegram: '-1001234567890/1' }, postedBefore: ['slack'] },
    ]);
  });

  it('posts to no channel twice when Slack, the first, fails and the retry succeeds', async () => {
    const { handler, slack, telegram, failures } = harness();
    failures.slack = 1;
    const event = userSignedUp();
    const failed = await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
    expect(failed).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect([slack.length, telegram.length]).toStrictEqual([0, 0]);

    await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
    await handler(toSqsEvent([deliver(event, 'm-2')]), lambdaContext());
    expect([slack.length, telegram.length]).toStrictEqual([1, 1]);
  });

  it('remembers the channels already posted to in the store: a retry in a new Lambda container skips them', async () => {
    const first = harness();
    first.failures.telegram = 1;
    const event = coursePaymentComplete();
    await first.handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());

    // A new container: new handler, persistence layers and chat clients, the same idempotency table.
    const second = harness('slack,telegram', {}, first.store);
    expect(await second.handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext())).toStrictEqual({
      batchItemFailures: [],
    });
    expect([first.slack.length, first.telegram.length]).toStrictEqual([1, 0]);
    expect([second.slack.length, second.telegram.length]).toStrictEqual([0, 1]);
  });

  it('fails the record, naming it, when the delivery record holds something else than channels', async () => {
    const { handler, slack, telegram, store, logger } = harness();
    const event = userSignedUp();
    const layer = new TableStorePersistenceLayer({ store });
    layer.configure({ config: new IdempotencyConfig({}), keyPrefix: 'notification-service.delivered' });
    await layer.saveSuccess(event.metadata.id, { delivered: ['fax'] });

    const response = await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect([slack.length, telegram.length]).toStrictEqual([0, 0]);
    expect(JSON.stringify(logger.lines)).toContain(
      `the delivery record of event ${event.metadata.id} holds {\\"delivered\\":[\\"fax\\"]}`,
    );
  });

  it('posts one message per channel for each shared fixture event of the types it accepts', async () => {
    const { handler, slack, telegram } = harness();
    const accepted = loadAllFixtures().filter(({ type }) =>
      (NOTIFICATION_EVENT_TYPES as readonly string[]).includes(type),
    );
    const response = await handler(
      toSqsEvent(
        accepted.map(({ type, version, event }) => toSqsRecord(event, { messageId: `${type}-v${version}` })),
      ),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    // Every version of each accepted type, CourseCompleted v1 included (the rule skips it; a v1 already queued is read).
    expect(accepted).toHaveLength(5);
    expect([slack.length, telegram.length]).toStrictEqual([5, 5]);
  });

  it('handles an SQS event exactly as Lambda delivers it (JSON fixture)', async () => {
    const { handler, slack } = harness('slack');
    const fixture = JSON.parse(
      await readFile(new URL('../test/fixtures/sqs-course-payment-complete.json', import.meta.url), 'utf8'),
    ) as SQSEvent;
    expect(await handler(fixture, lambdaContext())).toStrictEqual({ batchItemFailures: [] });
    expect(slack.map((message) => message.text)).toStrictEqual([':tada: Payment received: JP¥129,900']);
  });
});

describe('notification-service ops-alarms handler', () => {
  const opsChats = { OPS_SLACK_CHANNEL_ID: 'C0OPS000001', OPS_TELEGRAM_CHAT_ID: '-1009999999999' };
  const alarm = (messageId: string) => sqsRecordOf(alarmFixtureText('dlq-alarm'), messageId);

  it("posts an alarm's state change, as CloudWatch sends it, to the ops chats", async () => {
    const { opsHandler, slack, telegram } = harness('slack,telegram', opsChats);
    expect(await opsHandler(toSqsEvent([alarm('a-1')]), lambdaContext())).toStrictEqual({
      batchItemFailures: [],
    });
    expect(slack.map((message) => [message.channel, message.text])).toStrictEqual([
      ['C0OPS000001', ':rotating_light: ALARM: sfe-prod-email-service-learner-emails-dlq-not-empty'],
    ]);
    expect(telegram.map((message) => [message.chat_id, message.text.split('\n')[0]])).toStrictEqual([
      ['-1009999999999', '🚨 <b>ALARM: sfe-prod-email-service-learner-emails-dlq-not-empty</b>'],
    ]);
    expect(telegram[0]?.text).toContain('OK → ALARM');
  });

  it('posts to the team chats when ops has none of its own, and to the ops channels only', async () => {
    const { opsHandler, slack, telegram } = harness('slack,telegram', { OPS_NOTIFICATION_CHANNELS: 'slack' });
    await opsHandler(toSqsEvent([alarm('a-1')]), lambdaContext());
    expect(slack.map((message) => message.channel)).toStrictEqual(['C0123456789']);
    expect(telegram).toStrictEqual([]);
  });

  it('posts once per channel when the same alarm event is delivered again', async () => {
    const { opsHandler, slack, telegram } = harness('slack,telegram', opsChats);
    await opsHandler(toSqsEvent([alarm('a-1')]), lambdaContext());
    expect(await opsHandler(toSqsEvent([alarm('a-2')]), lambdaContext())).toStrictEqual({
      batchItemFailures: [],
    });
    expect([slack.length, telegram.length]).toStrictEqual([1, 1]);
  });

  it('retries only the ops channel that failed: Slack is not posted twice when Telegram fails once', async () => {
    const { opsHandler, slack, telegram, failures, logger } = harness('slack,telegram', opsChats);
    failures.telegram = 1;
    expect(await opsHandler(toSqsEvent([alarm('a-1')]), lambdaContext())).toStrictEqual({
      batchItemFailures: [{ itemIdentifier: 'a-1' }],
    });
    expect([slack.length, telegram.length]).toStrictEqual([1, 0]);

    expect(await opsHandler(toSqsEvent([alarm('a-1')]), lambdaContext())).toStrictEqual({
      batchItemFailures: [],
    });
    await opsHandler(toSqsEvent([alarm('a-2')]), lambdaContext());
    expect([slack.length, telegram.length]).toStrictEqual([1, 1]);
    expect(deliveryLines(logger)).toStrictEqual([
      {
        message: 'Posted notification before a channel failed',
        deliveredAs: { slack: 'C0123456789/1700000000.000101' },
        postedBefore: undefined,
      },
      {
        message: 'Posted notification',
        deliveredAs: { telegram: '-1009999999999/1' },
        postedBefore: ['slack'],
      },
    ]);
  });

  it('posts an alarm whose first container died mid-post once that invocation would have timed out', async () => {
    const store = new MemoryTableStore();
    const died = harness('slack', opsChats, store);
    // The first container's Slack call never returns: the container is gone, its record left in progress.
    died.poster.post = () => new Promise(() => undefined);
    void died.opsHandler(
      toSqsEvent([alarm('a-1')]),
      createTestLambdaContext({ functionName: 'f', timeoutMs: 50 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    const retried = harness('slack', opsChats, store);
    expect(await retried.opsHandler(toSqsEvent([alarm('a-1')]), lambdaContext())).toStrictEqual({
      batchItemFailures: [],
    });
    expect(retried.slack.map((message) => message.channel)).toStrictEqual(['C0OPS000001']);
  });

  it('fails a record that is not an alarm state change alone, naming what came', async () => {
    const { opsHandler, slack, logger } = harness('slack', opsChats);
    const response = await opsHandler(
      toSqsEvent([
        sqsRecordOf('{"source": "aws.cloudwatch"', 'truncated'),
        deliver(userSignedUp(), 'our-event'),
        alarm('good'),
      ]),
      lambdaContext(),
    );
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toStrictEqual([
      'our-event',
      'truncated',
    ]);
    expect(slack).toHaveLength(1);
    expect(JSON.stringify(logger.lines)).toContain('is not a valid CloudWatch Alarm State Change event');
  });
});
