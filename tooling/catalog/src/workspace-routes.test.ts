// The routes, the AsyncAPI documents and the gate computed from the real workspace: the apps' rules, the stream
// processor's transitions and the event registry's fixtures and schemas.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { eventSchemasDirectory } from '@sfe/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeRoutes, consumersOf } from './routes';
import { type CatalogSources, loadCatalogSources } from './sources';
import { checkWorkspaceCompatibility, formatCompatReport, writeCatalog } from './write-catalog';

let sources: CatalogSources;
let out: string;
beforeAll(async () => {
  sources = await loadCatalogSources();
  out = await mkdtemp(join(tmpdir(), 'sfe-catalog-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

const services = (type: string, version: number) => [
  ...new Set(consumersOf(computeRoutes(sources).routes, type, version).map((c) => c.service)),
];

describe('routes of the workspace', () => {
  it('has CourseCompleted v2 consumed by the certificate, email and reporting services', () => {
    expect(services('CourseCompleted', 2)).toEqual(
      expect.arrayContaining(['certificate-service', 'email-service', 'reporting-service']),
    );
  });

  it("has CourseCompleted v1 not consumed by email-service (its rule skips v1), but by the others'", () => {
    const v1 = services('CourseCompleted', 1);
    expect(v1).not.toContain('email-service');
    expect(v1).toEqual(expect.arrayContaining(['certificate-service', 'reporting-service']));
  });

  it('has the stream processor produce every version its transitions declare, v1 of CourseCompleted too', () => {
    const { routes } = computeRoutes(sources);
    expect(routes.find((r) => r.type === 'CourseCompleted' && r.version === 1)?.producers).toStrictEqual([
      'stream-processor',
    ]);
    expect(routes.every((r) => r.producers.includes('stream-processor'))).toBe(true);
  });

  it('writes routes.json as [{type, version, producers, consumers: [{service, subscription}]}]', async () => {
    await writeCatalog(out, sources);
    const routes = JSON.parse(await readFile(join(out, 'routes.json'), 'utf8')) as unknown[];
    expect(routes).toHaveLength(sources.events.length);
    expect(routes).toContainEqual({
      type: 'CourseCompleted',
      version: 2,
      producers: ['stream-processor'],
      consumers: expect.arrayContaining([
        { service: 'certificate-service', subscription: 'course-completed' },
        { service: 'email-service', subscription: 'learner-emails' },
        { service: 'reporting-service', subscription: 'reported-events' },
      ]),
    });
  });
});

describe('AsyncAPI documents of the workspace', () => {
  it('writes one document per service, each parsing with zero errors', async () => {
    await writeCatalog(out, sources);
    const files = (await readdir(join(out, 'asyncapi'))).sort();
    const names = [
      ...new Set([...sources.services.map((s) => s.service), ...sources.productions.map((p) => p.service)]),
    ];
    expect(files).toStrictEqual(names.map((name) => `${name}.yaml`).sort());
    const parser = new Parser();
    for (const file of files) {
      const { document, diagnostics } = await parser.parse(
        await readFile(join(out, 'asyncapi', file), 'utf8'),
      );
      // Severity 0 is an error in Spectral's scale.
      expect({ file, errors: diagnostics.filter((d) => d.severity === 0) }).toStrictEqual({
        file,
        errors: [],
      });
      expect(document?.version()).toBe('3.0.0');
    }
  }, 120_000);

  it("lists CourseCompleted v2 among email-service's received messages, and not v1", async () => {
    await writeCatalog(out, sources);
    const { document } = await new Parser().parse(
      await readFile(join(out, 'asyncapi', 'email-service.yaml'), 'utf8'),
    );
    const received = document
      ?.operations()
      .filterByReceive()
      .flatMap((operation) =>
        operation
          .messages()
          .all()
          .map((m) => m.title()),
      );
    expect(received).toContain('CourseCompleted v2');
    expect(received).not.toContain('CourseCompleted v1');
  }, 60_000);
});

describe('the breaking-change gate on the workspace', () => {
  it('passes against the committed schemas', async () => {
    const report = await checkWorkspaceCompatibility(eventSchemasDirectory(), sources);
    expect(report.breaking).toBe(false);
    expect(report.versions.every((v) => v.status === 'unchanged')).toBe(true);
  });

  it('fails on a baseline whose UserSignedUp v1 has an extra required field, naming every consumer of it', async () => {
    const baseline = await mkdtemp(join(tmpdir(), 'sfe-baseline-'));
    try {
      for (const name of await readdir(eventSchemasDirectory())) {
        const schema = JSON.parse(await readFile(join(eventSchemasDirectory(), name), 'utf8'));
        if (name === 'UserSignedUp.v1.json') {
          schema.properties.data.properties.referrer = { type: 'string' };
          schema.properties.data.required.push('referrer');
        }
        await writeFile(join(baseline, name), JSON.stringify(schema));
      }
      const report = await checkWorkspaceCompatibility(baseline, sources);
      const consumers = consumersOf(computeRoutes(sources).routes, 'UserSignedUp', 1);
      expect(consumers.length).toBeGreaterThan(0);
      expect(report.breaking).toBe(true);
      expect(report.versions.filter((v) => v.status === 'breaking')).toStrictEqual([
        {
          type: 'UserSignedUp',
          version: 1,
          status: 'breaking',
          changes: [
            {
              field: 'data.referrer',
              rule: 'field-removed',
              breaking: true,
              detail: 'required field removed',
            },
          ],
          consumers,
        },
      ]);
      const text = formatCompatReport(report);
      for (const consumer of consumers)
        expect(text).toContain(`${consumer.service}/${consumer.subscription}`);
    } finally {
      await rm(baseline, { recursive: true, force: true });
    }
  });
});
