import { describe, expect, it } from 'vitest';
import { checkCompatibility, compareSchemas, parseSchemaFileName, type SchemaChange } from './compat';

const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const detail = (data: Record<string, unknown>, required?: string[]) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { data: object(data, required) },
  required: ['data'],
  title: 'Shipped v1',
});
const string = { type: 'string', minLength: 1, maxLength: 128 };
const released = detail({
  id: string,
  status: { type: 'string', enum: ['open', 'closed'] },
  total: { type: 'integer' },
});

/** The released schema with its data schema changed by `edit`. */
function edited(
  edit: (data: { properties: Record<string, Record<string, unknown>>; required: string[] }) => void,
) {
  const copy = structuredClone(released);
  edit(copy.properties.data as never);
  return copy;
}

const breaking = (field: string, rule: SchemaChange['rule'], detailText: string): SchemaChange => ({
  field,
  rule,
  breaking: true,
  detail: detailText,
});
const compatible = (field: string, rule: SchemaChange['rule'], detailText: string): SchemaChange => ({
  field,
  rule,
  breaking: false,
  detail: detailText,
});

describe('compareSchemas', () => {
  it('finds nothing when only annotations differ', () => {
    const current = { ...structuredClone(released), title: 'Shipped, first version', description: 'x' };
    expect(compareSchemas(released, current)).toStrictEqual([]);
  });

  it.each<[string, Parameters<typeof edited>[0], SchemaChange[]]>([
    [
      'a new required field',
      (d) => {
        d.properties.country = { type: 'string' };
        d.required.push('country');
      },
      [
        breaking(
          'data.country',
          'required-field-added',
          'new required field: events without it no longer validate',
        ),
      ],
    ],
    [
      'a removed field',
      (d) => {
        delete d.properties.total;
        d.required = ['id', 'status'];
      },
      [breaking('data.total', 'field-removed', 'required field removed')],
    ],
    [
      'a renamed field',
      (d) => {
        d.properties.amount = d.properties.total as Record<string, unknown>;
        delete d.properties.total;
        d.required = ['id', 'status', 'amount'];
      },
      [breaking('data.total', 'field-renamed', 'renamed to data.amount')],
    ],
    [
      'a changed type',
      (d) => {
        d.properties.total = { type: 'string' };
      },
      [breaking('data.total', 'type-changed', 'type was integer, now string')],
    ],
    [
      'a narrowed enum',
      (d) => {
        d.properties.status = { type: 'string', enum: ['open'] };
      },
      [breaking('data.status', 'enum-narrowed', '["closed"] no longer allowed')],
    ],
    [
      'a tightened maximum length',
      (d) => {
        d.properties.id = { ...string, maxLength: 64 };
      },
      [breaking('data.id', 'constraint-tightened', 'maxLength was 128, now 64')],
    ],
    [
      'a new minimum',
      (d) => {
        d.properties.total = { type: 'integer', minimum: 0 };
      },
      [breaking('data.total', 'constraint-tightened', 'minimum was none, now 0')],
    ],
    [
      'a new pattern',
      (d) => {
        d.properties.id = { ...string, pattern: '^c-' };
      },
      [breaking('data.id', 'constraint-tightened', 'pattern was none, now "^c-"')],
    ],
    [
      'a field that became optional',
      (d) => {
        d.required = ['id', 'status'];
      },
      [breaking('data.total', 'field-became-optional', 'no longer required: producers may omit it')],
    ],
    [
      'a number narrowed to an integer',
      (d) => {
        d.properties.total = { type: 'integer' };
        (d.properties.id as Record<string, unknown>).type = 'number';
      },
      [breaking('data.id', 'type-changed', 'type was string, now number')],
    ],
  ])('breaks consumers with %s', (_, edit, expected) => {
    expect(compareSchemas(released, edited(edit))).toStrictEqual(expected);
  });

  it.each<[string, Parameters<typeof edited>[0], SchemaChange[]]>([
    [
      'a new optional field',
      (d) => {
        d.properties.note = { type: 'string' };
      },
      [compatible('data.note', 'optional-field-added', 'new optional field')],
    ],
    [
      'a widened enum',
      (d) => {
        d.properties.status = { type: 'string', enum: ['open', 'closed', 'held'] };
      },
      [compatible('data.status', 'enum-widened', '["held"] now allowed')],
    ],
    [
      'a loosened constraint',
      (d) => {
        d.properties.id = { ...string, maxLength: 256 };
      },
      [compatible('data.id', 'constraint-loosened', 'maxLength was 128, now 256')],
    ],
    [
      'an integer widened to a number',
      (d) => {
        d.properties.total = { type: 'number' };
      },
      [compatible('data.total', 'type-widened', 'type was integer, now number')],
    ],
  ])('keeps consumers working with %s', (_, edit, expected) => {
    expect(compareSchemas(released, edited(edit))).toStrictEqual(expected);
  });

  it('compares nested objects and array items by their dotted path', () => {
    const before = detail({ lines: { type: 'array', items: object({ sku: { type: 'string' } }) } });
    const after = detail({ lines: { type: 'array', items: object({ sku: { type: 'number' } }) } });
    expect(compareSchemas(before, after)).toStrictEqual([
      breaking('data.lines[].sku', 'type-changed', 'type was string, now number'),
    ]);
  });
});

describe('checkCompatibility', () => {
  const routes = [
    {
      type: 'Shipped',
      version: 1,
      producers: ['stream-processor'],
      consumers: [
        { service: 'billing', subscription: 'shipments' },
        { service: 'mailer', subscription: 'all' },
      ],
    },
  ];

  it('names the consumers of a version that changed incompatibly', () => {
    const current = edited((d) => {
      d.properties.country = { type: 'string' };
      d.required.push('country');
    });
    const report = checkCompatibility(
      new Map([['Shipped.v1.json', released]]),
      new Map([['Shipped.v1.json', current]]),
      routes,
    );
    expect(report).toStrictEqual({
      breaking: true,
      versions: [
        {
          type: 'Shipped',
          version: 1,
          status: 'breaking',
          changes: [
            breaking(
              'data.country',
              'required-field-added',
              'new required field: events without it no longer validate',
            ),
          ],
          consumers: routes[0]?.consumers,
        },
      ],
    });
  });

  it('passes unchanged and new versions, and breaks on a released version that disappeared', () => {
    const report = checkCompatibility(
      new Map([
        ['Shipped.v1.json', released],
        ['Paid.v1.json', released],
      ]),
      new Map([
        ['Shipped.v1.json', released],
        ['Shipped.v2.json', released],
      ]),
      routes,
    );
    expect(report.versions.map((v) => `${v.type} v${v.version}: ${v.status}`)).toStrictEqual([
      'Paid v1: removed',
      'Shipped v1: unchanged',
      'Shipped v2: added',
    ]);
    expect(report.breaking).toBe(true);
    expect(
      checkCompatibility(
        new Map([['Shipped.v1.json', released]]),
        new Map([['Shipped.v1.json', released]]),
        routes,
      ).breaking,
    ).toBe(false);
  });

  it('refuses a file name that is not Type.vN.json', () => {
    expect(() => checkCompatibility(new Map([['shipped.json', released]]), new Map(), routes)).toThrow(
      '"shipped.json" is not a schema file name like CourseCompleted.v2.json',
    );
  });
});

describe('parseSchemaFileName', () => {
  it('reads the type and version of a schema file name', () => {
    expect(parseSchemaFileName('CourseCompleted.v2.json')).toStrictEqual({
      type: 'CourseCompleted',
      version: 2,
    });
    expect(parseSchemaFileName('CourseCompleted.v0.json')).toBeUndefined();
  });
});
