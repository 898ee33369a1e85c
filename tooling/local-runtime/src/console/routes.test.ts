import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEvent, EventType, REDACTED, toPutEventsEntry } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { serveEmptyRuntime } from '../../test/serve-empty-runtime';

// The console's routes on a runtime with no services: what they answer, and what they refuse.
const served = serveEmptyRuntime('console-routes');

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${served.server.url}${path}`, { headers, redirect: 'manual' });

describe('the console routes', () => {
  it('serves the page under a CSP that allows its import map by hash, and Preact as an ES module', async () => {
    const page = await get('/console');
    const html = await page.text();
    const importMap = /<script type="importmap">(.*)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(importMap).digest('base64');
    expect(page.headers.get('content-security-policy')).toContain(`script-src 'self' 'sha256-${hash}'`);
    const preact = await get('/console/vendor/preact.js');
    expect(preact.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await preact.text()).toMatch(/export\s*\{/);
    expect((await get('/console/app/main.js')).status).toBe(200);
    expect((await get('/console/app/..%2Froutes.ts')).status).toBe(404);
  });

  it('shows an event with its personal data redacted unless revealed, and says why no rule matched', async () => {
    const signUp = createEvent(
      EventType.UserSignedUp,
      {
        userId: 'ada',
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        signedUpAt: '2026-11-23T10:00:00.000Z',
      },
      { source: 'sfe-test' },
    );
    const put = await served.runtime.bus.putEvents([toPutEventsEntry(signUp, 'platform')]);
    const id = (put.Entries[0] as { EventId: string }).EventId;

    const listed = (await (await get('/console/api/events')).json()) as { id: string; type: string }[];
    expect(listed.map((event) => [event.id, event.type])).toContainEqual([id, 'UserSignedUp']);
    expect(JSON.stringify(listed)).not.toContain('ada@example.com');

    const page = (await (await get(`/console/api/events/${id}`)).json()) as {
      envelope: { detail: { data: Record<string, string> } };
      personalFields: string[];
      rules: unknown[];
      deliveries: unknown[];
    };
    expect(page.personalFields).toStrictEqual(['detail.data.email', 'detail.data.name']);
    expect(page.envelope.detail.data.email).toBe(REDACTED);
    expect(page.rules).toStrictEqual([]);
    const revealed = (await (await get(`/console/api/events/${id}?reveal=1`)).json()) as typeof page;
    expect(revealed.envelope.detail.data.email).toBe('ada@example.com');

    // Another site cannot read it (the endpoint's own Origin check applies to the console as is).
    const foreign = await get(`/console/api/events/${id}?reveal=1`, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await get('/console/api/events/no-such-event')).status).toBe(404);
    expect((await get('/console/api/traces/no-such-correlation')).status).toBe(404);
  });

  it('lists archived events the journal does not hold (a restart), with the rules that match them now', async () => {
    // Archived by an earlier run of the runtime: in the archive, not in this run's journal.
    const archivedOnly = {
      version: '0',
      id: 'archived-before-restart',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '000000000000',
      time: '2026-11-23T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: { bucket: { name: 'video-uploads' } },
    };
    await served.runtime.store.db.query(
      'insert into archive (bus, event_id, time, event) values ($1, $2, $3, $4)',
      ['default', archivedOnly.id, archivedOnly.time, JSON.stringify(archivedOnly)],
    );
    const listed = (await (await get('/console/api/events')).json()) as { id: string; queues: string[] }[];
    expect(listed.find((event) => event.id === archivedOnly.id)).toMatchObject({
      id: archivedOnly.id,
      queues: [],
    });
  });

  it('answers the pattern tester with the verdict and the why, and AWS-style errors for a bad pattern', async () => {
    const event = JSON.stringify({
      id: '1',
      account: '000000000000',
      source: 'sfe-x',
      time: '2026-11-23T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      'detail-type': 'X',
      detail: {},
    });
    const test = (body: unknown, contentType = 'application/json') =>
      fetch(`${served.server.url}/console/api/test-pattern`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: JSON.stringify(body),
      });
    const answer = await test({ pattern: '{"source":[{"prefix":"aws."}]}', event });
    expect(await answer.json()).toStrictEqual({
      matched: false,
      fields: [{ field: 'source', matched: false, text: '"sfe-x" does not match [{"prefix":"aws."}]' }],
    });
    const invalid = await test({ pattern: '{"source":"sfe-x"}', event });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: string }).error).toMatch(/^Event pattern is not valid/);
    expect((await test({ pattern: '{}', event }, 'text/plain')).status).toBe(415);
  });

  it('renders an outbox email and refuses names that leave the outbox', async () => {
    const box = join(served.directory, 'outbox', 'email');
    await mkdir(box, { recursive: true });
    await writeFile(
      join(box, 't-welcome-1.eml'),
      [
        'From: SFE <no-reply@sfe.localhost>',
        'To: ada@example.com',
        'Subject: Welcome',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Hello Ada</p>',
      ].join('\r\n'),
    );
    const email = await (await get('/console/api/outbox/email/t-welcome-1.eml')).json();
    expect(email).toStrictEqual({
      kind: 'email',
      box: 'email',
      name: 't-welcome-1.eml',
      subject: 'Welcome',
      from: 'no-reply@sfe.localhost',
      to: 'ada@example.com',
      date: '',
      text: '',
      html: '<p>Hello Ada</p>\n',
    });
    expect((await get('/console/api/outbox/email/..%2F..%2Fstore.lock')).status).toBe(400);
    expect((await get('/console/api/outbox/..%2Fdb/x')).status).toBe(400);
    expect((await get('/console/api/outbox/email/missing.eml')).status).toBe(404);
  });

  it('opens a bucket object through a short-lived signed link, for existing buckets only', async () => {
    await served.runtime.buckets
      .bucket('certificates')
      .put('certificates/ada/eda-101.pdf', '%PDF-1.7', 'application/pdf');
    const redirect = await get('/console/objects/certificates/certificates/ada/eda-101.pdf');
    expect(redirect.status).toBe(302);
    const object = await get(redirect.headers.get('location') ?? '');
    expect(object.headers.get('content-type')).toBe('application/pdf');
    expect(await object.text()).toBe('%PDF-1.7');
    expect((await get('/console/objects/No_Such/x')).status).toBe(400);
    expect((await get('/console/objects/no-such-bucket/x')).status).toBe(404);
  });
});
