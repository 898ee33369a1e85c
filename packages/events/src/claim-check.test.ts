import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  applyClaimCheck,
  type ClaimCheckStore,
  claimCheckKey,
  fetchClaimCheck,
  needsClaimCheck,
  restoreClaimCheck,
} from './claim-check';
import { createEvent } from './create-event';
import type { ClaimCheckReference } from './envelope';
import { ClaimCheckError, EventValidationError } from './errors';
import { type PublishableEvent, putEventsEntrySize, toPutEventsEntry } from './eventbridge';
import { asEventBridgeEvent, loadFixture } from './fixtures';
import { createLocalClaimCheckStore } from './local-claim-check-store';
import { parseEvent } from './parse-event';

const BUS = 'sfe-platform';
let directory: string;
let store: ClaimCheckStore;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-claim-check-'));
  store = createLocalClaimCheckStore({ directory });
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const ticket = () =>
  createEvent(
    'SupportTicketOpened',
    {
      ticketId: 'ticket-6c2f81',
      userId: 'user-7f3c9a',
      subject: 'My certificate shows my maiden name — can it say Ada King?',
      openedAt: '2026-11-25T14:30:16.842Z',
    },
    { source: 'sfe-stream-processor', id: '18d0f2b4-6e8a-4c0e-9a2c-8d0f2b4e6a91' },
  );

const completed = () => parseEvent(loadFixture('CourseCompleted'));

function referenceOf(event: PublishableEvent): ClaimCheckReference['claimCheck'] {
  const reference = (event.data as Partial<ClaimCheckReference>).claimCheck;
  if (!reference) throw new Error('event is not claim-checked');
  return reference;
}

describe('applyClaimCheck', () => {
  it('always stores a sensitive type and publishes only a reference to it', async () => {
    const event = ticket();
    const checked = await applyClaimCheck(event, { store, busName: BUS });
    const body = JSON.stringify(event.data);
    const path = join(
      directory,
      'claim-checks/SupportTicketOpened/18d0f2b4-6e8a-4c0e-9a2c-8d0f2b4e6a91.json',
    );
    expect(checked).toStrictEqual({
      metadata: event.metadata,
      data: {
        claimCheck: {
          url: `file://${path}`,
          sha256: createHash('sha256').update(body, 'utf8').digest('hex'),
          bytes: Buffer.byteLength(body, 'utf8'),
        },
      },
    });
    expect(await readFile(path, 'utf8')).toBe(body);
    expect(toPutEventsEntry(checked, BUS).Detail).not.toContain('maiden name');
  });

  it('round-trips: parseEvent with a fetcher restores and validates the original', async () => {
    const event = ticket();
    const checked = await applyClaimCheck(event, { store, busName: BUS });
    const delivered = asEventBridgeEvent(checked);
    await expect(parseEvent(delivered, { fetchClaimCheck })).resolves.toStrictEqual(event);
    await expect(parseEvent(JSON.stringify(delivered), { fetchClaimCheck })).resolves.toStrictEqual(event);
  });

  it('leaves a small event of a non-sensitive type inline', async () => {
    const event = completed();
    expect(await applyClaimCheck(event, { store, busName: BUS })).toBe(event);
  });

  it('claim-checks an entry just over the configured limit and not one at it', async () => {
    const event = completed();
    const size = putEventsEntrySize(toPutEventsEntry(event, BUS));
    expect(await applyClaimCheck(event, { store, busName: BUS, maxEntryBytes: size })).toBe(event);
    const checked = await applyClaimCheck(event, { store, busName: BUS, maxEntryBytes: size - 1 });
    expect(referenceOf(checked).url).toMatch(/^file:.*claim-checks\/CourseCompleted\/.*\.json$/);
    await expect(parseEvent(asEventBridgeEvent(checked), { fetchClaimCheck })).resolves.toStrictEqual(event);
  });

  it('claim-checks a 300 KB entry under a 256 KB limit but not under the default 1 MB', async () => {
    const event = completed();
    // applyClaimCheck sizes whatever it is given; a payload this large only exists here (schemas cap lengths).
    const large: PublishableEvent = {
      metadata: event.metadata,
      data: { ...event.data, notes: 'x'.repeat(300_000) },
    };
    expect(await applyClaimCheck(large, { store, busName: BUS })).toBe(large);
    const checked = await applyClaimCheck(large, { store, busName: BUS, maxEntryBytes: 256 * 1024 });
    expect(referenceOf(checked).bytes).toBe(Buffer.byteLength(JSON.stringify(large.data)));
    expect(putEventsEntrySize(toPutEventsEntry(checked, BUS))).toBeLessThan(1024);
  });

  it('leaves an already claim-checked event as it is', async () => {
    const checked = await applyClaimCheck(ticket(), { store, busName: BUS });
    expect(await applyClaimCheck(checked, { store, busName: BUS })).toBe(checked);
  });

  it('stores under a deterministic key, so a retried publish overwrites the same object', async () => {
    const event = ticket();
    expect(claimCheckKey(event)).toBe(
      'claim-checks/SupportTicketOpened/18d0f2b4-6e8a-4c0e-9a2c-8d0f2b4e6a91.json',
    );
    const first = await applyClaimCheck(event, { store, busName: BUS });
    const second = await applyClaimCheck(event, { store, busName: BUS });
    expect(second).toStrictEqual(first);
  });

  it('uses the URL the store returns (e.g. signed HTTP links of the local runtime)', async () => {
    const httpStore = createLocalClaimCheckStore({
      directory,
      urlFor: (key) => `http://127.0.0.1:4010/claim-checks/${key}?signature=abc`,
    });
    const checked = await applyClaimCheck(ticket(), { store: httpStore, busName: BUS });
    expect(referenceOf(checked).url).toBe(
      'http://127.0.0.1:4010/claim-checks/claim-checks/SupportTicketOpened/18d0f2b4-6e8a-4c0e-9a2c-8d0f2b4e6a91.json?signature=abc',
    );
  });
});

describe('needsClaimCheck', () => {
  it('is true for sensitive types and entries over the limit only', () => {
    expect(needsClaimCheck(ticket(), BUS, 1024 * 1024)).toBe(true);
    expect(needsClaimCheck(completed(), BUS, 1024 * 1024)).toBe(false);
    expect(needsClaimCheck(completed(), BUS, 10)).toBe(true);
  });
});

describe('claim check tamper detection', () => {
  async function checkedTicket() {
    const checked = await applyClaimCheck(ticket(), { store, busName: BUS });
    return { checked, path: fileURLToPath(referenceOf(checked).url) };
  }

  it('rejects a stored payload with one byte changed', async () => {
    const { checked, path } = await checkedTicket();
    const bytes = await readFile(path);
    bytes[20] = (bytes[20] ?? 0) ^ 0x01;
    await writeFile(path, bytes);
    const parsing = parseEvent(asEventBridgeEvent(checked), { fetchClaimCheck });
    await expect(parsing).rejects.toBeInstanceOf(ClaimCheckError);
    await expect(parsing).rejects.toThrow(
      `claim check ${referenceOf(checked).url} does not match its sha256: tampered`,
    );
  });

  it('rejects a truncated payload', async () => {
    const { checked, path } = await checkedTicket();
    const { bytes, url } = referenceOf(checked);
    await truncate(path, bytes - 5);
    await expect(parseEvent(asEventBridgeEvent(checked), { fetchClaimCheck })).rejects.toThrow(
      `claim check ${url} has ${bytes - 5} bytes, expected ${bytes}: tampered or truncated`,
    );
  });

  it('rejects a reference whose hash was changed in the event', async () => {
    const { checked } = await checkedTicket();
    const forged = structuredClone(checked) as {
      metadata: PublishableEvent['metadata'];
      data: ClaimCheckReference;
    };
    forged.data.claimCheck.sha256 = '0'.repeat(64);
    await expect(parseEvent(forged, { fetchClaimCheck })).rejects.toThrow(
      'does not match its sha256: tampered',
    );
  });

  it('reports a payload that cannot be fetched', async () => {
    const { checked, path } = await checkedTicket();
    await rm(path);
    await expect(parseEvent(checked, { fetchClaimCheck })).rejects.toThrow(
      new RegExp(`^claim check ${referenceOf(checked).url} could not be fetched: ENOENT`),
    );
  });

  it('validates the restored payload against its schema', async () => {
    const body = Buffer.from(JSON.stringify({ ticketId: 'ticket-1' }));
    const url = 'file:///claims/ticket-1.json';
    const forged = {
      metadata: ticket().metadata,
      data: {
        claimCheck: { url, sha256: createHash('sha256').update(body).digest('hex'), bytes: body.length },
      },
    };
    const error = await parseEvent(forged, { fetchClaimCheck: async () => body }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventValidationError);
    expect((error as EventValidationError).issues.map((i) => i.path)).toStrictEqual([
      'data.userId',
      'data.subject',
      'data.openedAt',
    ]);
  });

  it('rejects a verified payload that is not JSON', async () => {
    const body = Buffer.from('not json');
    const reference = {
      claimCheck: { url: 'file:///x', sha256: createHash('sha256').update(body).digest('hex'), bytes: 8 },
    };
    await expect(restoreClaimCheck(reference, async () => body)).rejects.toThrow(
      'claim check file:///x is not JSON',
    );
  });

  it('does not fetch for an event whose envelope is already invalid', async () => {
    const { checked } = await checkedTicket();
    const fetched: string[] = [];
    const broken = { metadata: { ...checked.metadata, type: 'TicketOpened' }, data: checked.data };
    await expect(
      parseEvent(broken, {
        fetchClaimCheck: async (url) => {
          fetched.push(url);
          return new Uint8Array();
        },
      }),
    ).rejects.toThrow('Invalid TicketOpened v1 event: metadata.type: unknown event type "TicketOpened"');
    expect(fetched).toStrictEqual([]);
  });
});

describe('fetchClaimCheck over HTTP', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/payload.json') response.writeHead(200).end('{"ok":true}');
      else if (request.url === '/moved.json') response.writeHead(307, { location: '/payload.json' }).end();
      else response.writeHead(404).end('NoSuchKey');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the body of a 200', async () => {
    expect(Buffer.from(await fetchClaimCheck(`${base}/payload.json`)).toString()).toBe('{"ok":true}');
  });

  it('fails on any other status, naming it', async () => {
    await expect(fetchClaimCheck(`${base}/expired.json`)).rejects.toThrow(
      `GET ${base}/expired.json answered 404`,
    );
  });

  it('follows no redirect (the Node client, not global fetch): a presigned link answers itself', async () => {
    await expect(fetchClaimCheck(`${base}/moved.json`)).rejects.toThrow(
      `GET ${base}/moved.json answered 307`,
    );
  });
});
