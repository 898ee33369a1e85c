import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { createEvent, EventType, toPutEventsEntry } from '@sfe/events';
import { createPlatformClient } from '@sfe/platform-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directRuntimeAccess } from '../src/access/runtime-access';
import { runScenario, type ScenarioReport } from '../src/scenario/scenario';
import { type StartedRuntime, startLocalRuntime } from '../src/start';
import { eventually, filesIn, temporaryDataDirectory } from './helpers';

// The whole platform in this process: every service's real handler, the real stream processor, PGlite on disk.
let started: StartedRuntime;
let data: Awaited<ReturnType<typeof temporaryDataDirectory>>;
let report: ScenarioReport;

beforeAll(async () => {
  data = await temporaryDataDirectory('scenario');
  started = await startLocalRuntime({
    port: 0,
    dataDirectory: data.directory,
    pollIntervalMs: 50,
    queue: { visibilityTimeoutMs: 1_000 },
    stream: { retryDelayMs: 20 },
  });
  report = await runScenario(directRuntimeAccess(started.runtime, { started: true }), { runId: 'e2e' });
}, 180_000);

afterAll(async () => {
  await started?.stop();
  await data?.remove();
});

describe('the scenario through the real handlers', () => {
  it('issues a certificate PDF for the completed course', async () => {
    expect(report.certificate?.startsWithPdf).toBe(true);
    const pdf = await readFile(report.certificate?.path ?? '');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it("emails the certificate's download address, which redirects to the PDF (and 404s an unknown id)", async () => {
    const [certificate] = await started.runtime.store.platformTable.query('USER#learner-e2e', 'CERTIFICATE#');
    const downloadUrl = `${started.url}/certificates/${String(certificate?.certificateId)}`;
    expect(report.certificate?.downloadUrl).toBe(downloadUrl);
    const names = await filesIn(join(data.directory, 'outbox/email'));
    const email = names.find((name) => name.includes('-certificate-ready-'));
    const eml = await readFile(join(data.directory, 'outbox/email', email ?? ''), 'utf8');
    // Quoted-printable bodies wrap long lines with a soft break (`=` at the end of a line).
    expect(eml.replace(/=\r?\n/g, '')).toContain(`Download your certificate: ${downloadUrl}`);

    const redirect = await fetch(downloadUrl, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('cache-control')]).toStrictEqual([302, 'no-store']);
    const location = redirect.headers.get('location') ?? '';
    expect(location).toMatch(
      new RegExp(`^${started.url}/blobs/certificates/certificates/[0-9a-f-]{36}\\.pdf\\?`),
    );
    const pdf = await fetch(location);
    expect([pdf.status, pdf.headers.get('content-type')]).toStrictEqual([200, 'application/pdf']);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    const unknown = await fetch(`${started.url}/certificates/00000000-0000-5000-8000-000000000000`, {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(404);
    const traversal = await fetch(`${started.url}/certificates/..%2F..%2Fstore.lock`, { redirect: 'manual' });
    expect(traversal.status).toBe(404);
  });

  it('serves the verification page the certificate links to, and a 404 for an unknown id', async () => {
    const [certificate] = await started.runtime.store.platformTable.query('USER#learner-e2e', 'CERTIFICATE#');
    const page = await fetch(`${started.url}/certificates/verify/${String(certificate?.certificateId)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Certificate verified');
    expect(html).toContain('Ada Lovelace');
    const unknown = await fetch(`${started.url}/certificates/verify/not-a-certificate`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('No such certificate');
  });

  it('sends the welcome, receipt, congratulations and certificate emails as .eml files', async () => {
    const names = await filesIn(join(data.directory, 'outbox/email'));
    expect(
      names.map((name) => /-(welcome|receipt|course-completed|certificate-ready)-/.exec(name)?.[1]).sort(),
    ).toStrictEqual(['certificate-ready', 'course-completed', 'receipt', 'welcome']);
    for (const name of names) {
      const eml = await readFile(join(data.directory, 'outbox/email', name), 'utf8');
      expect(eml).toMatch(/^To: Ada Lovelace <learner-e2e@example\.com>$/m);
    }
  });

  it('posts the team chat messages to the Slack and Telegram outboxes', async () => {
    for (const channel of ['slack', 'telegram']) {
      const names = await filesIn(join(data.directory, 'outbox', channel));
      expect(
        names.map((name) => /-(new-signup|payment-received|course-completed)-/.exec(name)?.[1]).sort(),
      ).toStrictEqual(['course-completed', 'new-signup', 'payment-received']);
    }
  });

  it('counts the sign-up, the revenue and the completion in the reporting tables', () => {
    expect(report.report.signupsPerDay.map((row) => row.signups)).toStrictEqual([1]);
    expect(
      report.report.revenuePerDay.map((row) => [row.currency, row.amountMinor, row.payments]),
    ).toStrictEqual([['GBP', 4999, 1]]);
    expect(report.report.completionsPerCourse.map((row) => [row.courseId, row.completions])).toStrictEqual([
      ['eda-101', 1],
    ]);
    expect(report.report.accounts).toStrictEqual({ signedUp: 1, deactivated: 0, active: 1 });
  });

  it('takes the uploaded video through Transcribe and MediaConvert stand-ins to VideoPublished', async () => {
    expect(report.video).toStrictEqual({
      videoId: 'welcome-e2e',
      status: 'ready',
      outputKey: 'processed/eda-101/welcome-e2e/welcome-e2e-captioned.mp4',
      published: true,
    });
    const output = await readFile(
      join(data.directory, 'buckets/video-uploads', report.video.outputKey ?? ''),
    );
    expect(output.byteLength).toBeGreaterThan(0);
  });

  it("publishes each business fact of the chains, keeping each moment's correlation", () => {
    const types = report.events.filter((event) => event.source.startsWith('sfe-')).map((event) => event.type);
    expect(new Set(types)).toStrictEqual(
      new Set([
        'UserSignedUp',
        'CourseRegistered',
        'CoursePaymentComplete',
        'PaymentCompleted',
        'CourseCompleted',
        'CertificateGenerated',
        'VideoPublished',
      ]),
    );
    const completion = report.moments.find((moment) => moment.moment === 'complete-course');
    const certificate = report.events.find((event) => event.type === 'CertificateGenerated');
    expect(certificate?.correlationId).toBe(completion?.correlationId);
  });
});

describe('the platform API paths (call-backs of light events), served from its discovered definition', () => {
  it('answers the current state of a user, an enrolment and a payment through the typed client, and a refund shows', async () => {
    expect(started.runtime.apis).toStrictEqual([
      // certificate-service's download address (the emailed link: tested above).
      { service: 'certificate-service', routes: ['GET /certificates/{certificateId}'] },
      {
        service: 'platform-api',
        routes: [
          'GET /users/{userId}',
          'GET /users/{userId}/enrolments/{courseId}',
          'GET /users/{userId}/payments/{paymentId}',
        ],
      },
    ]);
    const platform = createPlatformClient({ baseUrl: started.url });
    const paid = report.moments.find((moment) => moment.moment === 'pay');
    const { userId = '', courseId = '', paymentId = '' } = paid?.ids ?? {};
    expect((await platform.getUser(userId))?.status).toBe('active');
    expect((await platform.getEnrolment(userId, courseId))?.progress).toBe(100);
    expect((await platform.getPayment(userId, paymentId))?.status).toBe('complete');
    expect(await platform.getPayment(userId, 'no-such-payment')).toBeUndefined();

    const refund = await fetch(`${started.url}/moments/refund`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, paymentId }),
    });
    expect(refund.status).toBe(201);
    expect(await platform.getPayment(userId, paymentId)).toMatchObject({ status: 'refunded', amount: 4999 });
    const write = await fetch(`${started.url}/users/${userId}`, { method: 'DELETE' });
    expect([write.status, await write.json()]).toStrictEqual([
      405,
      { error: 'DELETE is not allowed: the platform API is read-only' },
    ]);
  });
});

describe('the HTTP endpoint', () => {
  const client = () =>
    new EventBridgeClient({
      endpoint: started.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
    });

  it('takes PutEvents from the AWS SDK v3 and delivers the event to the matching consumers', async () => {
    // The learner exists on the platform (the email service checks, by call-back, that it is active).
    await started.runtime.moments.signUp({
      userId: 'sdk-user',
      email: 'sdk-user@example.com',
      name: 'Grace Hopper',
    });
    const event = createEvent(
      EventType.UserSignedUp,
      {
        userId: 'sdk-user',
        email: 'sdk-user@example.com',
        name: 'Grace Hopper',
        signedUpAt: '2026-11-23T10:00:00.000Z',
      },
      { source: 'sfe-sdk-test' },
    );
    const entry = toPutEventsEntry(event, 'platform');
    const response = await client().send(new PutEventsCommand({ Entries: [{ ...entry, Resources: [] }] }));
    expect(response.FailedEntryCount).toBe(0);
    expect(response.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);

    const welcome = await eventually(
      async () =>
        (await filesIn(join(data.directory, 'outbox/email'))).find((name) =>
          name.includes(`welcome-${event.metadata.id}`),
        ),
      30_000,
      'the welcome email of the SDK event',
    );
    expect(welcome).toContain(event.metadata.id);
    const slack = await eventually(
      async () =>
        (await filesIn(join(data.directory, 'outbox/slack'))).find((name) =>
          name.includes(event.metadata.id),
        ),
      30_000,
      'the Slack message of the SDK event',
    );
    expect(slack).toContain('new-signup');
  });

  it('reports invalid entries and answers TestEventPattern, with AWS error shapes the SDK understands', async () => {
    const response = await client().send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'platform', Source: 'sfe-x', DetailType: 'X', Detail: '[]' }],
      }),
    );
    expect(response.Entries).toStrictEqual([
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
    ]);

    const event = JSON.stringify({
      id: '1',
      account: '000000000000',
      source: 'sfe-x',
      time: '2026-11-23T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'CourseCompleted',
      detail: {},
    });
    const matched = await client().send(
      new TestEventPatternCommand({ EventPattern: '{"source":[{"prefix":"sfe-"}]}', Event: event }),
    );
    expect(matched.Result).toBe(true);
    const refused = await client()
      .send(new TestEventPatternCommand({ EventPattern: '{"source":[]}', Event: event }))
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: Empty arrays are not allowed',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('serves signed links to objects and refuses tampered or expired ones', async () => {
    const certificates = started.runtime.buckets.bucket('certificates');
    const [issued] = await started.runtime.store.platformTable.query('USER#learner-e2e', 'CERTIFICATE#');
    const key = String(issued?.objectKey);
    const link = await certificates.signedUrl(key, 60);
    const ok = await fetch(link);
    expect([ok.status, ok.headers.get('content-type')]).toStrictEqual([200, 'application/pdf']);
    expect(
      Buffer.from(await ok.arrayBuffer())
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('%PDF');
    const tampered = await fetch(link.replace('.pdf?', '-2.pdf?'));
    expect(tampered.status).toBe(403);
    const expired = await fetch(await certificates.signedUrl(key, -1));
    expect([expired.status, await expired.json()]).toStrictEqual([
      403,
      { error: 'signed link refused: link expired' },
    ]);
  });
});
