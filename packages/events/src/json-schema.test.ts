import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadAllFixtures, loadFixture } from './fixtures';
import {
  eventJsonSchemas,
  eventSchemasDirectory,
  renderEventJsonSchemas,
  schemaFileName,
} from './json-schema';
import { EVENT_DEFINITIONS } from './registry';

interface ObjectSchema {
  type: 'object';
  properties: Record<string, { type?: string; const?: unknown; format?: string; pattern?: string }>;
  required: string[];
}
interface DetailSchema extends ObjectSchema {
  $id: string;
  $schema: string;
  title: string;
  properties: ObjectSchema['properties'] & { metadata: ObjectSchema; data: ObjectSchema };
}

const schemas = eventJsonSchemas() as Map<string, DetailSchema>;

function schemaOf(type: string, version: number): DetailSchema {
  const schema = schemas.get(schemaFileName(type, version));
  if (!schema) throw new Error(`no schema for ${type} v${version}`);
  return schema;
}

describe('generated JSON Schema files', () => {
  it('are up to date with the registry (run `pnpm --filter @sfe/events schemas` if not)', () => {
    const directory = eventSchemasDirectory();
    const onDisk = readdirSync(directory).filter((name) => name.endsWith('.json'));
    const expected = renderEventJsonSchemas();
    const stale = [...expected]
      .filter(
        ([name, content]) =>
          !onDisk.includes(name) || readFileSync(join(directory, name), 'utf8') !== content,
      )
      .map(([name]) => name);
    const extra = onDisk.filter((name) => !expected.has(name));
    const problems = [
      ...stale.map((n) => `${n} is missing or stale`),
      ...extra.map((n) => `${n} has no event`),
    ];
    expect(
      problems,
      `JSON Schemas in ${directory} differ from the registry: run \`pnpm --filter @sfe/events schemas\` and commit`,
    ).toStrictEqual([]);
  });
});

describe('eventJsonSchemas', () => {
  it('has one schema per type and version', () => {
    expect([...schemas.keys()]).toStrictEqual(EVENT_DEFINITIONS.map((d) => `${d.type}.v${d.version}.json`));
  });

  it.each(EVENT_DEFINITIONS.map((d) => [d.type, d.version, d.domain] as const))(
    '%s v%i pins type, version and domain and requires the envelope',
    (type, version, domain) => {
      const schema = schemaOf(type, version);
      const metadata = schema.properties.metadata;
      expect(schema.$id).toBe(`https://sfe.dev/schemas/events/${type}.v${version}.json`);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.title).toBe(`${type} v${version}`);
      expect(schema.required).toStrictEqual(['metadata', 'data']);
      expect(metadata.properties.type).toStrictEqual({ type: 'string', const: type });
      expect(metadata.properties.version).toStrictEqual({ type: 'number', const: version });
      expect(metadata.properties.domain).toStrictEqual({ type: 'string', const: domain });
      expect(metadata.required).toStrictEqual([
        'id',
        'type',
        'version',
        'created',
        'correlationId',
        'domain',
        'source',
      ]);
      for (const field of ['id', 'correlationId', 'causationId']) {
        expect(metadata.properties[field]?.format).toBe('uuid');
      }
      // Optional (absent = depth 0), so adding it kept every released schema compatible.
      expect(metadata.properties.depth).toStrictEqual({
        type: 'integer',
        minimum: 0,
        maximum: 9007199254740991,
      });
      expect(metadata.properties.created?.format).toBe('date-time');
      expect(metadata.properties.source?.pattern).toBe('^sfe-\\S+$');
    },
  );

  it('requires every data field of the fixture and marks formats', () => {
    for (const { type, version, event } of loadAllFixtures()) {
      const data = schemaOf(type, version).properties.data;
      expect(data.required).toStrictEqual(Object.keys((event.detail as { data: object }).data));
      if ('email' in data.properties) expect(data.properties.email?.format).toBe('email');
    }
    const payment = schemaOf('CoursePaymentComplete', 1).properties.data.properties;
    expect(payment.amount).toStrictEqual({ type: 'integer', minimum: 0, maximum: 9007199254740991 });
    expect(payment.currency).toStrictEqual({ type: 'string', pattern: '^[A-Z]{3}$' });
    expect(schemaOf('CourseCompleted', 1).properties.data.properties.completionDate?.format).toBe('date');
    expect(schemaOf('CourseCompleted', 2).properties.data.properties.completedAt?.format).toBe('date-time');
  });
});

describe('the schemas in a standard JSON Schema validator (Ajv, strict mode)', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const validators = new Map([...schemas].map(([name, schema]) => [name, ajv.compile(schema)]));
  const validate = (type: string, version: number, detail: unknown) => {
    const validator = validators.get(schemaFileName(type, version));
    if (!validator) throw new Error(`no validator for ${type} v${version}`);
    return validator(detail) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
  };

  it.each(loadAllFixtures().map((f) => [f.type, f.version, f.event] as const))(
    'accept the %s v%i fixture',
    (type, version, event) => {
      expect(validate(type, version, event.detail)).toStrictEqual([]);
    },
  );

  it('reject what the zod schemas reject', () => {
    const { detail } = loadFixture('CoursePaymentComplete');
    expect(
      validate('CoursePaymentComplete', 1, {
        metadata: { ...detail.metadata, source: 'payments', version: 2 },
        data: { ...detail.data, email: 'ada@', amount: 49.99, currency: 'gbp', courseId: undefined },
      }),
    ).toStrictEqual([
      '/metadata/version const',
      '/metadata/source pattern',
      '/data required',
      '/data/amount type',
      '/data/currency pattern',
      '/data/email pattern',
      '/data/email format',
    ]);
  });
});
