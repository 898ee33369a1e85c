// The EventCatalog content `writeCatalog` generates, read back with @eventcatalog/sdk: what EventCatalog's site is
// built from.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createEventCatalogSdk from '@eventcatalog/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_BUS_CHANNEL } from './eventcatalog';
import { consumersOf } from './routes';
import { loadCatalogSources } from './sources';
import { EVENTCATALOG_FOLDER, type WrittenCatalog, writeCatalog } from './write-catalog';

let directory: string;
let written: WrittenCatalog;
let sdk: ReturnType<typeof createEventCatalogSdk>;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-eventcatalog-content-'));
  written = await writeCatalog(directory, await loadCatalogSources());
  sdk = createEventCatalogSdk(join(directory, EVENTCATALOG_FOLDER));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the generated EventCatalog content', () => {
  it('has every event type with every version, each with its schema and example', async () => {
    const events = await sdk.getEvents();
    expect(events.map((e) => `${e.id} v${e.version}`).sort()).toStrictEqual(
      written.routes.routes.map((r) => `${r.type} v${r.version}`).sort(),
    );
    const v1 = await sdk.getEvent('CourseCompleted', '1');
    expect(v1?.schemaPath).toBe('schema.json');
    const folder = join(directory, EVENTCATALOG_FOLDER, 'events', 'CourseCompleted', 'versioned', '1');
    const schema = JSON.parse(await readFile(join(folder, 'schema.json'), 'utf8'));
    expect(schema.title).toBe('CourseCompleted v1');
    expect(existsSync(join(folder, 'example.json'))).toBe(true);
  });

  it("gives each service the receives of its rules' matches and the sends of its productions", async () => {
    const email = await sdk.getService('email-service');
    expect(email?.receives).toContainEqual({ id: 'CourseCompleted', version: '2' });
    expect(email?.receives).not.toContainEqual({ id: 'CourseCompleted', version: '1' });
    const certificates = await sdk.getService('certificate-service');
    expect(certificates?.receives).toStrictEqual([
      { id: 'CourseCompleted', version: '1' },
      { id: 'CourseCompleted', version: '2' },
    ]);
    const producer = await sdk.getService('stream-processor');
    expect(producer?.sends).toHaveLength(written.routes.routes.length);
    expect(producer?.specifications).toStrictEqual([
      { type: 'asyncapi', path: 'asyncapi.yaml', name: 'AsyncAPI' },
    ]);
    const asyncapi = join(directory, EVENTCATALOG_FOLDER, 'services', 'stream-processor', 'asyncapi.yaml');
    // The SDK drops the document's final newline.
    expect(await readFile(asyncapi, 'utf8')).toBe(
      (await readFile(join(directory, 'asyncapi', 'stream-processor.yaml'), 'utf8')).trimEnd(),
    );
  });

  it("lists CourseCompleted v2's computed consumers on its page", async () => {
    const event = await sdk.getEvent('CourseCompleted', '2');
    for (const consumer of consumersOf(written.routes.routes, 'CourseCompleted', 2)) {
      expect(event?.markdown).toContain(`| ${consumer.service} | ${consumer.subscription} |`);
    }
  });

  it('has the platform bus as a channel every event travels on, and one domain per event domain', async () => {
    expect((await sdk.getChannel(PLATFORM_BUS_CHANNEL))?.address).toBe('sfe-{stage}-bus');
    expect((await sdk.getEvent('UserSignedUp'))?.channels).toStrictEqual([
      { id: PLATFORM_BUS_CHANNEL, version: '1' },
    ]);
    const course = await sdk.getDomain('course');
    expect(course?.services).toEqual(expect.arrayContaining([{ id: 'certificate-service', version: '1' }]));
  });
});
