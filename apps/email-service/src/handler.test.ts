import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableStorePersistenceLayer } from '@sfe/consumer-toolkit';
import {
  buildTestEventVersion,
  CapturingLogger,
  CapturingMetrics,
  certificateGenerated,
  courseCompletedV1,
  courseCompletedV2,
  coursePaymentComplete,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
  userSignedUp,
} from '@sfe/consumer-toolkit/testing';
import { type DomainEvent, EventType } from '@sfe/events';
import { loadAllFixtures } from '@sfe/events/fixtures';
import { createTableReader, PlatformApiError, type PlatformReader } from '@sfe/platform-client';
import { keys, MemoryTableStore, type UserItem } from '@sfe/records';
import type { SQSEvent } from 'aws-lambda';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxMailer } from './adapters/local-outbox-mailer';
import type { Mailer } from './adapters/mailer';
import { createTableSuppressionList, type SuppressionList } from './adapters/suppression-list';
import type { Email } from './domain/email';
import { addressHash } from './domain/suppression';
import { parseEmailConfig } from './env';
import { createHandler, createSesFeedbackHandler } from './handler';
import { EMAIL_EVENT_TYPES } from './subscription';
import { SUPPRESSED_SKIPPED_METRIC } from './use-cases/send-email';

const NOW = new Date('2026-11-23T10:00:30.000Z');
const config = parseEmailConfig({
  EMAIL_FROM_ADDRESS: 'no-reply@mail.sfe.example',
  APP_URL: 'https://learn.example.com',
  IDEMPOTENCY_TABLE_NAME: 'sfe-test-idempotency',
  SUPPRESSION_TABLE_NAME: 'sfe-test-email-service-suppressions',
  PLATFORM_API_URL: 'https://abcdefghijklmnopqrstuvwxyz0123.lambda-url.eu-west-1.on.aws/',
});

/** A platform that knows every learner as active (the call-back most tests need). */
const everyoneActive: PlatformReader = {
  getUser: async (userId) => ({
    userId,
    email: `${userId}@example.com`,
    name: 'Learner',
    status: 'active',
    createdAt: '2026-11-01T09:00:00.000Z',
  }),
  getEnrolment: async () => undefined,
  getPayment: async () => undefined,
};
const lambdaContext = () => createTestLambdaContext({ functionName: 'email-service-learner-emails' });
const deliver = (event: DomainEvent, messageId: string) =>
  toSqsRecord(toEventBridgeEvent(event), { messageId, queueName: 'email-service-learner-emails' });

/** A mailer that records what it was asked to send and can be told to fail. */
function recordingMailer() {
  const sent: Email[] = [];
  let failures = 0;
  const mailer: Mailer & { sent: Email[]; failNext: (count: number) => void } = {
    sent,
    failNext: (count) => {
      failures = count;
    },
    async send(email) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('SES throttled: Maximum sending rate exceeded');
      }
      sent.push(email);
      return { messageId: `ses-${sent.length}`, location: `ses:ses-${sent.length}` };
    },
  };
  return mailer;
}

function harness(options: { platform?: PlatformReader } = {}) {
  const mailer = recordingMailer();
  const logger = new CapturingLogger({ serviceName: 'email-service' });
  const metrics = new CapturingMetrics({ namespace: 'sfe-test', serviceName: 'email-service' });
  const suppressions: SuppressionList = createTableSuppressionList(new MemoryTableStore());
  const deps = {
    config,
    mailer,
    idempotency: { persistenceStore: new TableStorePersistenceLayer({ store: new MemoryTableStore() }) },
    platform: options.platform ?? everyoneActive,
    suppressions,
    logger,
    metrics,
  };
  return {
    handler: createHandler(deps),
    feedbackHandler: createSesFeedbackHandler(deps),
    mailer,
    logger,
    metrics,
    suppressions,
  };
}

describe('email-service handler', () => {
  it('sends one email per event type it accepts, each to the right learner', async () => {
    const { handler, mailer } = harness();
    const response = await handler(
      toSqsEvent([
        deliver(userSignedUp(), 'm-1'),
        deliver(coursePaymentComplete(), 'm-2'),
        deliver(courseCompletedV2(), 'm-3'),
        deliver(certificateGenerated(), 'm-4'),
      ]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(
      mailer.sent.map(({ kind, eventId, to, subject }) => ({ kind, eventId, to, subject })),
    ).toStrictEqual([
      {
        kind: 'welcome',
        eventId: userSignedUp().metadata.id,
        to: { name: 'Ada Lovelace', address: 'ada@example.com' },
        subject: 'Welcome to SFE Learning, Ada Lovelace',
      },
      {
        kind: 'receipt',
        eventId: coursePaymentComplete().metadata.id,
        to: { name: 'Ada Lovelace', address: 'ada@example.com' },
        subject: 'Thanks for your purchase: Event-Driven Architecture',
      },
      {
        kind: 'course-completed',
        eventId: courseCompletedV2().metadata.id,
        to: { name: 'Ada Lovelace', address: 'ada@example.com' },
        subject: 'Congratulations on completing Event-Driven Architecture',
      },
      {
        kind: 'certificate-ready',
        eventId: certificateGenerated().metadata.id,
        to: { name: 'Ada Lovelace', address: 'ada@example.com' },
        subject: 'Your certificate for Event-Driven Architecture is ready',
      },
    ]);
  });

  it("logs what it sent on the record's one line", async () => {
    const { handler, logger } = harness();
    await handler(toSqsEvent([deliver(userSignedUp(), 'm-1')]), lambdaContext());
    expect(
      logger.lines.map(({ message, emailKind, messageId, location }) => ({
        message,
        emailKind,
        messageId,
        location,
      })),
    ).toStrictEqual([
      { message: 'Handled event', emailKind: 'welcome', messageId: 'ses-1', location: 'ses:ses-1' },
    ]);
  });

  it("links the certificate to certificate-service's download address, as the event carries it", async () => {
    const { handler, mailer } = harness();
    const downloadUrl = 'https://abc123.lambda-url.eu-west-1.on.aws/certificates/cert-9';
    await handler(toSqsEvent([deliver(certificateGenerated({ downloadUrl }), 'm-1')]), lambdaContext());
    expect(mailer.sent[0]?.text).toContain(`Download your certificate: ${downloadUrl}\n`);
  });

  it('fails a CertificateGenerated v1 alone, into the DLQ, saying it has no download address', async () => {
    const { handler, mailer, logger } = harness();
    const response = await handler(
      toSqsEvent([
        deliver(buildTestEventVersion(EventType.CertificateGenerated, 1), 'v1'),
        deliver(userSignedUp(), 'ok'),
      ]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'v1' }] });
    expect(mailer.sent.map((email) => email.kind)).toStrictEqual(['welcome']);
    expect(JSON.stringify(logger.lines)).toContain('v1 carries no downloadUrl');
  });

  it('congratulates on CourseCompleted v1 too, read as v2', async () => {
    const { handler, mailer } = harness();
    const response = await handler(toSqsEvent([deliver(courseCompletedV1(), 'm-1')]), lambdaContext());
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(mailer.sent.map((email) => [email.kind, email.subject])).toStrictEqual([
      ['course-completed', 'Congratulations on completing Event-Driven Architecture'],
    ]);
  });

  it('sends once when the same event is delivered twice, in one batch or in two', async () => {
    const { handler, mailer } = harness();
    const event = coursePaymentComplete();
    const first = await handler(toSqsEvent([deliver(event, 'm-1'), deliver(event, 'm-2')]), lambdaContext());
    const later = await handler(toSqsEvent([deliver(event, 'm-3')]), lambdaContext());
    expect(first).toStrictEqual({ batchItemFailures: [] });
    expect(later).toStrictEqual({ batchItemFailures: [] });
    expect(mailer.sent.map((email) => email.eventId)).toStrictEqual([event.metadata.id]);
  });

  it('fails the record when sending fails, and sends on the redelivery', async () => {
    const { handler, mailer } = harness();
    mailer.failNext(1);
    const event = userSignedUp();
    const failed = await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
    expect(failed).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(mailer.sent).toStrictEqual([]);
    const retried = await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
    expect(retried).toStrictEqual({ batchItemFailures: [] });
    expect(mailer.sent.map((email) => email.eventId)).toStrictEqual([event.metadata.id]);
  });

  describe('the learner call-back', () => {
    const learnerItem = (status: UserItem['status']): UserItem => ({
      ...keys.user('user-1'),
      entityType: 'USER',
      userId: 'user-1',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      status,
      createdAt: '2026-11-01T09:00:00.000Z',
    });

    it('sends nothing to a learner deactivated before the event is processed', async () => {
      const platform = new MemoryTableStore();
      await platform.transact([{ kind: 'put', item: learnerItem('active') }]);
      // The events were published while the learner was active; the deactivation commits before delivery.
      const events = [userSignedUp(), coursePaymentComplete(), courseCompletedV2(), certificateGenerated()];
      await platform.transact([{ kind: 'update', key: keys.user('user-1'), set: { status: 'deactivated' } }]);
      const { handler, mailer, logger } = harness({ platform: createTableReader(platform) });
      const response = await handler(
        toSqsEvent(events.map((event, i) => deliver(event, `m-${i}`))),
        lambdaContext(),
      );
      expect(response).toStrictEqual({ batchItemFailures: [] });
      expect(mailer.sent).toStrictEqual([]);
      expect(
        logger.lines.filter((l) => l.message.startsWith('Not sent')).map((l) => [l.userId, l.status]),
      ).toStrictEqual([
        ['user-1', 'deactivated'],
        ['user-1', 'deactivated'],
        ['user-1', 'deactivated'],
        ['user-1', 'deactivated'],
      ]);
    });

    it('sends to an active learner, read back from the platform table', async () => {
      const platform = new MemoryTableStore();
      await platform.transact([{ kind: 'put', item: learnerItem('active') }]);
      const { handler, mailer } = harness({ platform: createTableReader(platform) });
      await handler(toSqsEvent([deliver(courseCompletedV2(), 'm-1')]), lambdaContext());
      expect(mailer.sent.map((email) => email.kind)).toStrictEqual(['course-completed']);
    });

    it('sends nothing for a learner the platform does not know', async () => {
      const { handler, mailer } = harness({ platform: createTableReader(new MemoryTableStore()) });
      expect(await handler(toSqsEvent([deliver(userSignedUp(), 'm-1')]), lambdaContext())).toStrictEqual({
        batchItemFailures: [],
      });
      expect(mailer.sent).toStrictEqual([]);
    });

    it('fails the record with nothing sent when the call-back fails, and sends once on the retry', async () => {
      let unavailable = true;
      const flaky: PlatformReader = {
        ...everyoneActive,
        getUser: async (userId) => {
          if (unavailable)
            throw new PlatformApiError('GET /users/user-1: no answer within 2000 ms (after 3 attempts)');
          return everyoneActive.getUser(userId);
        },
      };
      const { handler, mailer, logger } = harness({ platform: flaky });
      const event = courseCompletedV2();
      expect(await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext())).toStrictEqual({
        batchItemFailures: [{ itemIdentifier: 'm-1' }],
      });
      expect(mailer.sent).toStrictEqual([]);
      expect(logger.lines.filter((l) => l.level === 'ERROR').map((l) => l.reason)).toStrictEqual([
        'PlatformApiError: GET /users/user-1: no answer within 2000 ms (after 3 attempts)',
      ]);
      unavailable = false;
      await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
      await handler(toSqsEvent([deliver(event, 'm-1')]), lambdaContext());
      expect(mailer.sent.map((email) => email.eventId)).toStrictEqual([event.metadata.id]);
    });
  });

  it('sends one email for each shared fixture event of the types it accepts', async () => {
    const { handler, mailer } = harness();
    const accepted = loadAllFixtures().filter(({ type }) =>
      (EMAIL_EVENT_TYPES as readonly string[]).includes(type),
    );
    const response = await handler(
      toSqsEvent(
        accepted.map(({ type, version, event }) => toSqsRecord(event, { messageId: `${type}.v${version}` })),
      ),
      lambdaContext(),
    );
    // CertificateGenerated v1 has no download address: it fails (the rule keeps it out of the queue).
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'CertificateGenerated.v1' }] });
    expect(mailer.sent.map((email) => email.kind).sort()).toStrictEqual(
      ['certificate-ready', 'course-completed', 'course-completed', 'receipt', 'welcome'].sort(),
    );
  });

  it('handles an SQS event exactly as Lambda delivers it (JSON fixture)', async () => {
    const { handler, mailer } = harness();
    const fixture = JSON.parse(
      await readFile(new URL('../test/fixtures/sqs-user-signed-up.json', import.meta.url), 'utf8'),
    ) as SQSEvent;
    const response = await handler(fixture, lambdaContext());
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(mailer.sent.map(({ kind, to }) => ({ kind, to }))).toStrictEqual([
      { kind: 'welcome', to: { name: 'Grace Hopper', address: 'grace@example.com' } },
    ]);
  });
});

describe('email-service handler with the local outbox', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'email-service-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes one parseable .eml per event, linking the certificate to its download address', async () => {
    const outbox = join(directory, 'outbox', 'email');
    const handler = createHandler({
      config,
      mailer: createOutboxMailer({ directory: outbox, from: config.from, now: () => NOW }),
      idempotency: { persistenceStore: new TableStorePersistenceLayer({ store: new MemoryTableStore() }) },
      platform: everyoneActive,
      suppressions: createTableSuppressionList(new MemoryTableStore()),
      logger: new CapturingLogger({ serviceName: 'email-service' }),
    });
    const event = certificateGenerated({ downloadUrl: 'http://127.0.0.1:4010/certificates/cert-9' });
    await handler(toSqsEvent([deliver(event, 'm-1'), deliver(event, 'm-2')]), lambdaContext());

    const files = await readdir(outbox);
    expect(files).toStrictEqual([`2026-11-23T10-00-30-000Z-certificate-ready-${event.metadata.id}.eml`]);
    const parsed = await PostalMime.parse(await readFile(join(outbox, files[0] ?? '')));
    expect(parsed.subject).toBe('Your certificate for Event-Driven Architecture is ready');
    expect(/Download your certificate: (\S+)/.exec(parsed.text ?? '')?.[1]).toBe(
      'http://127.0.0.1:4010/certificates/cert-9',
    );
    expect(parsed.html).toContain('href="http://127.0.0.1:4010/certificates/cert-9"');
  });
});

/** An SES fixture (`fixtures/`, AWS's shape) as the ses-feedback queue delivers it. */
async function sesFixtureText(name: string): Promise<string> {
  return readFile(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8');
}
const sqsOfBody = (body: string, messageId: string) =>
  toSqsRecord(body, { messageId, queueName: 'email-service-ses-feedback' });

describe('email-service handler and the suppression list', () => {
  const learner = (userId: string, email: string, id: string) => userSignedUp({ userId, email }, { id });

  it('skips an email to a suppressed address as handled: no email, a log line with the reason and no address, a metric', async () => {
    const { handler, mailer, logger, metrics, suppressions } = harness();
    await suppressions.suppress({
      address: 'grace.hopper@example.com',
      reason: 'bounce',
      feedbackId: 'feedback-1',
      messageId: 'ses-message-1',
      suppressedAt: '2026-11-23T10:01:04.669Z',
    });
    const response = await handler(
      toSqsEvent([
        // The learner typed capitals at sign-up: the list is keyed lower-cased.
        deliver(
          learner('u-grace', 'Grace.Hopper@Example.com', '3d0c4a5e-2f1b-4c6d-8e7f-9a0b1c2d3e4f'),
          'm-1',
        ),
        deliver(learner('u-ada', 'ada@example.com', '5e2a1b3c-4d6f-4a8b-9c0d-1e2f3a4b5c6d'), 'm-2'),
      ]),
      lambdaContext(),
    );

    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(mailer.sent.map((email) => email.to.address)).toStrictEqual(['ada@example.com']);
    const skipped = logger.lines.filter((line) => line.message === 'Not sent: the address is suppressed');
    expect(
      skipped.map(({ emailKind, reason, suppressedAt, address }) => ({
        emailKind,
        reason,
        suppressedAt,
        address,
      })),
    ).toStrictEqual([
      {
        emailKind: 'welcome',
        reason: 'bounce',
        suppressedAt: '2026-11-23T10:01:04.669Z',
        address: addressHash('grace.hopper@example.com'),
      },
    ]);
    expect(JSON.stringify(logger.lines).toLowerCase()).not.toContain('grace.hopper@example.com');
    expect(metrics.total(SUPPRESSED_SKIPPED_METRIC)).toBe(1);
    // Handled, not failed: both records count as processed.
    expect(metrics.total('EventsProcessed')).toBe(2);
    expect(metrics.total('EventsFailed')).toBe(0);
  });

  it('fails the record (nothing sent, retried) when the suppression list cannot be read', async () => {
    const mailer = recordingMailer();
    const handler = createHandler({
      config,
      mailer,
      idempotency: { persistenceStore: new TableStorePersistenceLayer({ store: new MemoryTableStore() }) },
      platform: everyoneActive,
      suppressions: {
        find: async () => {
          throw new Error('ProvisionedThroughputExceededException: slow down');
        },
        suppress: async () => 'suppressed',
      },
      logger: new CapturingLogger({ serviceName: 'email-service' }),
    });
    const response = await handler(toSqsEvent([deliver(userSignedUp(), 'm-1')]), lambdaContext());
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(mailer.sent).toStrictEqual([]);
  });
});

describe('email-service ses-feedback handler', () => {
  it('suppresses the address of a permanent bounce, as SES sends it, so a later email to it is skipped', async () => {
    const { feedbackHandler, handler, mailer, suppressions, logger } = harness();
    const response = await feedbackHandler(
      toSqsEvent([sqsOfBody(await sesFixtureText('ses-email-bounced.permanent'), 'b-1')]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(await suppressions.find('grace.hopper@example.com')).toStrictEqual({
      address: 'grace.hopper@example.com',
      reason: 'bounce',
      feedbackId: '0102019a5c44f053-61b59c11-9236-11e6-8f96-7be8aexample-000000',
      messageId: '0102019a5c44e8a1-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
      suppressedAt: '2026-11-23T10:01:04.669Z',
    });
    const handled = logger.lines.find((line) => line.message === 'SES bounce or complaint handled');
    expect(handled).toMatchObject({
      feedback: 'bounce',
      decision: 'suppressed (bounce)',
      suppressed: [addressHash('grace.hopper@example.com')],
      alreadySuppressed: [],
    });
    expect(JSON.stringify(logger.lines).toLowerCase()).not.toContain('grace.hopper@example.com');

    await handler(
      toSqsEvent([deliver(userSignedUp({ email: 'grace.hopper@example.com' }), 'm-1')]),
      lambdaContext(),
    );
    expect(mailer.sent).toStrictEqual([]);
  });

  it('suppresses the address of a complaint', async () => {
    const { feedbackHandler, suppressions } = harness();
    await feedbackHandler(
      toSqsEvent([sqsOfBody(await sesFixtureText('ses-email-complaint-received'), 'c-1')]),
      lambdaContext(),
    );
    expect(await suppressions.find('ada.lovelace@example.com')).toMatchObject({
      reason: 'complaint',
      feedbackId: '0102019a61b7c3d4-61b59c11-9236-11e6-8f96-7be8aexample-000000',
      suppressedAt: '2026-11-24T08:15:41.669Z',
    });
  });

  it('logs a transient bounce and suppresses nothing', async () => {
    const { feedbackHandler, suppressions, logger } = harness();
    const response = await feedbackHandler(
      toSqsEvent([sqsOfBody(await sesFixtureText('ses-email-bounced.transient'), 't-1')]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(await suppressions.find('alan.turing@example.com')).toBeUndefined();
    expect(logger.lines.find((line) => line.message === 'SES bounce or complaint handled')).toMatchObject({
      feedback: 'bounce',
      decision: 'ignored: Transient bounce (MailboxFull): the address may accept mail again',
      suppressed: [],
    });
  });

  it('keeps the first suppression when the same bounce is delivered again (at least once delivery)', async () => {
    const { feedbackHandler, suppressions, logger } = harness();
    const bounce = await sesFixtureText('ses-email-bounced.permanent');
    await feedbackHandler(toSqsEvent([sqsOfBody(bounce, 'b-1')]), lambdaContext());
    const complaint = JSON.parse(await sesFixtureText('ses-email-complaint-received'));
    complaint.detail.complaint.complainedRecipients = [{ emailAddress: 'grace.hopper@example.com' }];
    const response = await feedbackHandler(
      toSqsEvent([sqsOfBody(bounce, 'b-2'), sqsOfBody(JSON.stringify(complaint), 'c-1')]),
      lambdaContext(),
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect((await suppressions.find('grace.hopper@example.com'))?.reason).toBe('bounce');
    const outcomes = logger.lines
      .filter((line) => line.message === 'SES bounce or complaint handled')
      .map((line) => line.alreadySuppressed);
    expect(outcomes).toStrictEqual([
      [],
      [addressHash('grace.hopper@example.com')],
      [addressHash('grace.hopper@example.com')],
    ]);
  });

  it('fails malformed SES events alone, naming what came, so they reach the DLQ', async () => {
    const { feedbackHandler, logger } = harness();
    const noRecipients = JSON.parse(await sesFixtureText('ses-email-bounced.permanent'));
    noRecipients.detail.bounce.bouncedRecipients = [];
    const response = await feedbackHandler(
      toSqsEvent([
        sqsOfBody('{"source": "aws.ses"', 'truncated'),
        sqsOfBody(JSON.stringify(noRecipients), 'no-recipients'),
        deliver(userSignedUp(), 'our-event'),
        sqsOfBody(await sesFixtureText('ses-email-complaint-received'), 'good'),
      ]),
      lambdaContext(),
    );
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toStrictEqual([
      'no-recipients',
      'our-event',
      'truncated',
    ]);
    const reasons = logger.lines.filter((line) => line.level === 'ERROR').map((line) => String(line.reason));
    expect(reasons).toStrictEqual(
      expect.arrayContaining([
        expect.stringContaining('detail.bounce.bouncedRecipients'),
        expect.stringContaining('is not a valid SES bounce or complaint event (source "sfe-'),
      ]),
    );
    expect(JSON.stringify(logger.lines).toLowerCase()).not.toContain('grace.hopper@example.com');
  });
});
