import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableStorePersistenceLayer } from '@sfe/consumer-toolkit';
import {
  buildTestEventVersion,
  CapturingLogger,
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
import type { Email } from './domain/email';
import { parseEmailConfig } from './env';
import { createHandler } from './handler';
import { EMAIL_EVENT_TYPES } from './subscription';

const NOW = new Date('2026-11-23T10:00:30.000Z');
const config = parseEmailConfig({
  EMAIL_FROM_ADDRESS: 'no-reply@mail.sfe.example',
  APP_URL: 'https://learn.example.com',
  IDEMPOTENCY_TABLE_NAME: 'sfe-test-idempotency',
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
  const handler = createHandler({
    config,
    mailer,
    idempotency: { persistenceStore: new TableStorePersistenceLayer({ store: new MemoryTableStore() }) },
    platform: options.platform ?? everyoneActive,
    logger,
  });
  return { handler, mailer, logger };
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
