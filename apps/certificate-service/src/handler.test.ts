import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BlobStore, createLocalBlobStore } from '@sfe/blob-store';
import { TableStorePersistenceLayer } from '@sfe/consumer-toolkit';
import {
  CapturingLogger,
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import type { DomainEvent } from '@sfe/events';
import { type CertificateItem, keys, MemoryTableStore } from '@sfe/records';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, onTestFinished } from 'vitest';
import { courseCompletedV1, courseCompletedV2 } from '../test/events';
import { compact, readPdfPage } from '../test/pdf-text';
import { createCertificateRepository } from './adapters/certificate-repository';
import { certificateIdFor } from './domain/certificate';
import { certificateSources } from './fonts';
import { createHandler } from './handler';

const sources = certificateSources();
const now = new Date('2026-11-23T10:00:00.000Z');

async function setUp(options: { failPuts?: number } = {}) {
  const table = new MemoryTableStore();
  const directory = await mkdtemp(join(tmpdir(), 'certificates-'));
  onTestFinished(() => rm(directory, { recursive: true, force: true }));
  const local = createLocalBlobStore({
    rootDirectory: directory,
    bucket: 'certificates',
    baseUrl: 'http://127.0.0.1:4010/blobs',
    signingSecret: 'test-secret',
  });
  const puts: string[] = [];
  let failPuts = options.failPuts ?? 0;
  const bucket: BlobStore = {
    ...local,
    async put(key, body, contentType) {
      if (failPuts > 0) {
        failPuts -= 1;
        throw new Error('S3 is unavailable');
      }
      puts.push(key);
      await local.put(key, body, contentType);
    },
  };
  const logger = new CapturingLogger({ serviceName: 'certificate-service' });
  const handler = createHandler({
    certificates: createCertificateRepository(table),
    bucket,
    ...sources,
    now: () => now,
    verificationBaseUrl: 'https://learn.example.com/certificates',
    downloadBaseUrl: 'https://abc123.lambda-url.eu-west-2.on.aws/',
    issuer: 'SFE Academy',
    idempotency: { persistenceStore: new TableStorePersistenceLayer({ store: new MemoryTableStore() }) },
    logger,
  });
  const run = (event: SQSEvent) =>
    handler(event, createTestLambdaContext({ functionName: 'certificate-service' }));
  const certificateInserts = () =>
    table.changes.filter((c) => c.eventName === 'INSERT' && c.key.sk.startsWith('CERTIFICATE#'));
  return { table, bucket, directory, puts, logger, run, certificateInserts };
}

const recordOf = (event: DomainEvent, messageId: string) =>
  toSqsRecord(toEventBridgeEvent(event), { messageId });

describe('certificate-service handler', () => {
  it('stores the PDF, then writes the CERTIFICATE item carrying the event correlation', async () => {
    const { table, directory, run, puts } = await setUp();
    const event = courseCompletedV2();

    const response = await run(toSqsEvent([recordOf(event, 'm-1')]));

    expect(response).toStrictEqual({ batchItemFailures: [] });
    const certificateId = certificateIdFor('u-1', 'c-event-driven');
    expect(puts).toStrictEqual([`certificates/${certificateId}.pdf`]);
    const pdf = await readFile(join(directory, 'certificates', `certificates/${certificateId}.pdf`));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const item = await table.get(keys.certificate('u-1', 'c-event-driven'));
    expect(item).toStrictEqual({
      pk: 'USER#u-1',
      sk: 'CERTIFICATE#c-event-driven',
      entityType: 'CERTIFICATE',
      certificateId,
      userId: 'u-1',
      courseId: 'c-event-driven',
      objectKey: `certificates/${certificateId}.pdf`,
      downloadUrl: `https://abc123.lambda-url.eu-west-2.on.aws/certificates/${certificateId}`,
      issuedAt: now.toISOString(),
      courseTitle: 'Event-Driven Architecture on AWS',
      userName: 'Ada Lovelace',
      email: 'ada@example.com',
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.id,
      causationDepth: 0,
    } satisfies CertificateItem);
  });

  it('fills the prepared template for a Latin name and renders a Cyrillic one whole, each with its text', async () => {
    const { directory, run } = await setUp();
    const template = await sources.loadTemplate();
    const latin = { userId: 'u-latin', userName: 'Zoë Ångström-Łęcka' };
    const cyrillic = {
      userId: 'u-cyrillic',
      userName: 'Пётр Чайковский',
      courseTitle: 'Введение в событийную архитектуру',
    };

    const response = await run(
      toSqsEvent([recordOf(courseCompletedV2(latin), 'm-1'), recordOf(courseCompletedV2(cyrillic), 'm-2')]),
    );

    expect(response).toStrictEqual({ batchItemFailures: [] });
    const stored = (userId: string) =>
      readFile(
        join(directory, 'certificates', `certificates/${certificateIdFor(userId, 'c-event-driven')}.pdf`),
      );
    const fromTemplate = (pdf: Buffer) => pdf.subarray(0, template.pdf.byteLength).equals(template.pdf);
    const latinPdf = await stored('u-latin');
    expect(fromTemplate(latinPdf)).toBe(true);
    const latinPage = await readPdfPage(latinPdf);
    expect(latinPage.compact).toContain(compact('Zoë Ångström-Łęcka'));
    expect(latinPage.compact).toContain(compact('Event-Driven Architecture on AWS'));
    const cyrillicPdf = await stored('u-cyrillic');
    expect(fromTemplate(cyrillicPdf)).toBe(false);
    const cyrillicPage = await readPdfPage(cyrillicPdf);
    expect(cyrillicPage.compact).toContain(compact('Пётр Чайковский'));
    expect(cyrillicPage.compact).toContain(compact('Введение в событийную архитектуру'));
  });

  it('handles the AWS-shaped SQS fixture of a v1 event', async () => {
    const fixture = JSON.parse(
      await readFile(new URL('../test/fixtures/sqs-course-completed-v1.json', import.meta.url), 'utf8'),
    ) as SQSEvent;
    const { table, run } = await setUp();

    expect(await run(fixture)).toStrictEqual({ batchItemFailures: [] });
    const item = await table.get(keys.certificate('u-42', 'c-serverless-101'));
    expect(item?.courseTitle).toBe('Serverless 101');
    expect(item?.correlationId).toBe('7c6b5a4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d');
    expect(item?.causationId).toBe('3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c');
  });

  it('issues one certificate when the same event is delivered twice', async () => {
    const { run, puts, certificateInserts } = await setUp();
    const event = courseCompletedV2();

    const first = await run(toSqsEvent([recordOf(event, 'm-1'), recordOf(event, 'm-2')]));
    const later = await run(toSqsEvent([recordOf(event, 'm-3')]));

    expect([first, later]).toStrictEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(puts).toHaveLength(1);
    expect(certificateInserts()).toHaveLength(1);
  });

  it('issues one certificate for a completion published as v1 and as v2 (different event ids)', async () => {
    const { run, puts, certificateInserts, logger } = await setUp();

    const response = await run(
      toSqsEvent([recordOf(courseCompletedV2(), 'v2'), recordOf(courseCompletedV1(), 'v1')]),
    );

    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(puts).toHaveLength(1);
    expect(certificateInserts()).toHaveLength(1);
    expect(
      logger.lines.filter((l) => l.message.startsWith('Certificate')).map((l) => l.message),
    ).toStrictEqual(['Certificate issued', 'Certificate already issued']);
  });

  it('fails only the malformed record of a batch', async () => {
    const { run, certificateInserts } = await setUp();
    const broken = toEventBridgeEvent(courseCompletedV2({ userId: 'u-2' }));
    (broken.detail as { data: Record<string, unknown> }).data.completedAt = 'yesterday';

    const response = await run(
      toSqsEvent([
        recordOf(courseCompletedV2(), 'good'),
        toSqsRecord(broken, { messageId: 'bad-date' }),
        toSqsRecord('not json', { messageId: 'not-json' }),
      ]),
    );

    expect(response).toStrictEqual({
      batchItemFailures: [{ itemIdentifier: 'bad-date' }, { itemIdentifier: 'not-json' }],
    });
    expect(certificateInserts().map((c) => c.key.pk)).toStrictEqual(['USER#u-1']);
  });

  it('fails the record when the PDF cannot be stored, writes no item, and a retry issues it', async () => {
    const { run, certificateInserts } = await setUp({ failPuts: 1 });
    const event = courseCompletedV2();

    const failed = await run(toSqsEvent([recordOf(event, 'm-1')]));
    expect(failed).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(certificateInserts()).toHaveLength(0);

    const retried = await run(toSqsEvent([recordOf(event, 'm-1')]));
    expect(retried).toStrictEqual({ batchItemFailures: [] });
    expect(certificateInserts()).toHaveLength(1);
  });
});

describe('createCertificateRepository', () => {
  it('creates an item once and reports a second write as existing', async () => {
    const table = new MemoryTableStore();
    const repository = createCertificateRepository(table);
    const item: CertificateItem = {
      ...keys.certificate('u-1', 'c-1'),
      entityType: 'CERTIFICATE',
      certificateId: certificateIdFor('u-1', 'c-1'),
      userId: 'u-1',
      courseId: 'c-1',
      objectKey: `certificates/${certificateIdFor('u-1', 'c-1')}.pdf`,
      issuedAt: now.toISOString(),
      courseTitle: 'Course',
      userName: 'Ada',
      email: 'ada@example.com',
    };
    expect(await repository.exists('u-1', 'c-1')).toBe(false);
    expect(await repository.create(item)).toBe('created');
    expect(await repository.create({ ...item, issuedAt: '2027-01-01T00:00:00.000Z' })).toBe('exists');
    expect(await repository.exists('u-1', 'c-1')).toBe(true);
    expect((await table.get(keys.certificate('u-1', 'c-1')))?.issuedAt).toBe(now.toISOString());
  });
});
