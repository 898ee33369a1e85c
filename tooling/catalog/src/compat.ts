// Backward-compatibility rules for our event schemas, written here by hand. The npm libraries we tried do not
// fit: json-schema-diff (set arithmetic over schemas) drops `pattern`, `format` and `const` and answers with a
// schema of the values added or removed, not a field and a rule; json-schema-diff-validator reports JSON Patch
// operations, so a widened enum and a narrowed one look alike. The gate must name the field and the rule, and
// zod's draft 2020-12 output uses a small set of keywords, all handled below.
import { type Consumer, consumersOf, type Route } from './routes';

type Schema = Readonly<Record<string, unknown>>;

/** Why a change breaks (or does not break) consumers of a released version. */
export type CompatRule =
  | 'field-removed'
  | 'field-renamed'
  | 'field-became-optional'
  | 'required-field-added'
  | 'field-became-required'
  | 'type-changed'
  | 'enum-narrowed'
  | 'const-changed'
  | 'constraint-tightened'
  | 'schema-changed'
  | 'version-removed'
  | 'optional-field-added'
  | 'enum-widened'
  | 'type-widened'
  | 'constraint-loosened';

const COMPATIBLE_RULES: ReadonlySet<CompatRule> = new Set([
  'optional-field-added',
  'enum-widened',
  'type-widened',
  'constraint-loosened',
]);

/** One difference between a released schema and the current one. `field` is a dotted path (`data.email`). */
export interface SchemaChange {
  readonly field: string;
  readonly rule: CompatRule;
  readonly breaking: boolean;
  readonly detail: string;
}

/** Keywords that describe a schema without constraining values. */
const ANNOTATIONS = new Set([
  '$id',
  '$schema',
  '$comment',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
]);
/** Lower bounds: a larger value (or a new bound) rejects values the old schema accepted. */
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
/** Upper bounds: a smaller value (or a new bound) rejects values the old schema accepted. */
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;
/** Constraints whose new value cannot be proven to accept every value the old one did. */
const OPAQUE_CONSTRAINTS = ['pattern', 'format', 'multipleOf'] as const;
const HANDLED = new Set<string>([
  ...ANNOTATIONS,
  ...LOWER_BOUNDS,
  ...UPPER_BOUNDS,
  ...OPAQUE_CONSTRAINTS,
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
]);

/**
 * Compares one released JSON Schema with its current form, as a consumer of that version sees it. Breaking:
 * a removed or renamed field, a field that became optional (producers may now omit what consumers read), a
 * new required field or one that became required, a changed type, a narrowed enum or changed const, and a
 * tightened constraint (old events, archived or queued, no longer validate). Compatible: a new optional
 * field, a widened enum or type, a loosened constraint.
 */
export function compareSchemas(released: Schema, current: Schema): SchemaChange[] {
  const changes: SchemaChange[] = [];
  compareNode(released, current, '', changes);
  return changes;
}

function compareNode(old: unknown, now: unknown, field: string, out: SchemaChange[]): void {
  if (!isSchema(old) || !isSchema(now)) {
    if (!deepEqual(old, now)) out.push(change(field, 'schema-changed', `was ${show(old)}, now ${show(now)}`));
    return;
  }
  compareTypes(old, now, field, out);
  compareValues(old, now, field, out);
  compareBounds(old, now, field, out);
  compareProperties(old, now, field, out);
  if (old.items !== undefined || now.items !== undefined) {
    compareNode(old.items ?? {}, now.items ?? {}, `${field}[]`, out);
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) compareBranches(old, now, keyword, field, out);
  if (old.additionalProperties !== false && now.additionalProperties === false) {
    out.push(
      change(field, 'constraint-tightened', 'additionalProperties is now false: unknown fields are rejected'),
    );
  }
  const unknown = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter(
    (keyword) => !HANDLED.has(keyword) && !deepEqual(old[keyword], now[keyword]),
  );
  for (const keyword of unknown) {
    out.push(
      change(field, 'schema-changed', `${keyword} was ${show(old[keyword])}, now ${show(now[keyword])}`),
    );
  }
}

function compareTypes(old: Schema, now: Schema, field: string, out: SchemaChange[]): void {
  if (old.type === undefined && now.type === undefined) return;
  const before = typeSet(old.type);
  const after = typeSet(now.type);
  // JSON Schema's integer is a subset of number: number → integer narrows, integer → number widens.
  const covered = (type: string) => after.has(type) || (type === 'integer' && after.has('number'));
  const lost = [...before].filter((type) => !covered(type));
  if (lost.length > 0 || (old.type === undefined && now.type !== undefined)) {
    out.push(change(field, 'type-changed', `type was ${describeTypes(before)}, now ${describeTypes(after)}`));
  } else if (!sameSet(before, after)) {
    out.push(change(field, 'type-widened', `type was ${describeTypes(before)}, now ${describeTypes(after)}`));
  }
}

function compareValues(old: Schema, now: Schema, field: string, out: SchemaChange[]): void {
  if ('const' in old || 'const' in now) {
    if (!('const' in now)) out.push(change(field, 'constraint-loosened', `const ${show(old.const)} removed`));
    else if (!('const' in old)) out.push(change(field, 'const-changed', `now only ${show(now.const)}`));
    else if (!deepEqual(old.const, now.const)) {
      out.push(change(field, 'const-changed', `was ${show(old.const)}, now ${show(now.const)}`));
    }
  }
  const before = Array.isArray(old.enum) ? old.enum : undefined;
  const after = Array.isArray(now.enum) ? now.enum : undefined;
  if (before === undefined && after === undefined) return;
  if (after === undefined) {
    out.push(change(field, 'enum-widened', `enum ${show(before)} removed`));
    return;
  }
  if (before === undefined) {
    out.push(change(field, 'enum-narrowed', `now only ${show(after)}`));
    return;
  }
  const removed = before.filter((value) => !after.some((v) => deepEqual(v, value)));
  const added = after.filter((value) => !before.some((v) => deepEqual(v, value)));
  if (removed.length > 0) out.push(change(field, 'enum-narrowed', `${show(removed)} no longer allowed`));
  if (added.length > 0) out.push(change(field, 'enum-widened', `${show(added)} now allowed`));
}

function compareBounds(old: Schema, now: Schema, field: string, out: SchemaChange[]): void {
  const bound = (keyword: string, tighter: (before: number, after: number) => boolean) => {
    const before = old[keyword];
    const after = now[keyword];
    if (before === after) return;
    if (typeof after === 'number' && (typeof before !== 'number' || tighter(before, after))) {
      out.push(change(field, 'constraint-tightened', `${keyword} was ${show(before)}, now ${after}`));
    } else {
      out.push(change(field, 'constraint-loosened', `${keyword} was ${show(before)}, now ${show(after)}`));
    }
  };
  for (const keyword of LOWER_BOUNDS) bound(keyword, (before, after) => after > before);
  for (const keyword of UPPER_BOUNDS) bound(keyword, (before, after) => after < before);
  for (const keyword of OPAQUE_CONSTRAINTS) {
    if (deepEqual(old[keyword], now[keyword])) continue;
    if (now[keyword] === undefined) {
      out.push(change(field, 'constraint-loosened', `${keyword} ${show(old[keyword])} removed`));
    } else {
      out.push(
        change(
          field,
          'constraint-tightened',
          `${keyword} was ${show(old[keyword])}, now ${show(now[keyword])}`,
        ),
      );
    }
  }
}

function compareProperties(old: Schema, now: Schema, field: string, out: SchemaChange[]): void {
  const before = propertiesOf(old);
  const after = propertiesOf(now);
  const requiredBefore = new Set(stringsOf(old.required));
  const requiredAfter = new Set(stringsOf(now.required));
  const at = (name: string) => (field === '' ? name : `${field}.${name}`);
  const added = [...after.keys()].filter((name) => !before.has(name));
  const renamedTo = new Set<string>();

  for (const [name, schema] of before) {
    const next = after.get(name);
    if (next !== undefined) {
      compareNode(schema, next, at(name), out);
      if (requiredBefore.has(name) && !requiredAfter.has(name)) {
        out.push(change(at(name), 'field-became-optional', 'no longer required: producers may omit it'));
      } else if (!requiredBefore.has(name) && requiredAfter.has(name)) {
        out.push(
          change(at(name), 'field-became-required', 'now required: events without it no longer validate'),
        );
      }
      continue;
    }
    // A field gone while one with the same schema appeared is most likely a rename: say so.
    const twin = added.find(
      (candidate) => !renamedTo.has(candidate) && deepEqual(after.get(candidate), schema),
    );
    if (twin !== undefined) {
      renamedTo.add(twin);
      out.push(change(at(name), 'field-renamed', `renamed to ${at(twin)}`));
    } else {
      out.push(
        change(
          at(name),
          'field-removed',
          requiredBefore.has(name) ? 'required field removed' : 'field removed',
        ),
      );
    }
  }
  for (const name of added) {
    if (renamedTo.has(name)) continue;
    if (requiredAfter.has(name)) {
      out.push(
        change(at(name), 'required-field-added', 'new required field: events without it no longer validate'),
      );
    } else {
      out.push(change(at(name), 'optional-field-added', 'new optional field'));
    }
  }
  // Required names without a property schema (zod never writes these, but a hand-edited baseline might).
  for (const name of requiredAfter) {
    if (!after.has(name) && !requiredBefore.has(name)) {
      out.push(
        change(at(name), 'required-field-added', 'new required field: events without it no longer validate'),
      );
    }
  }
}

function compareBranches(
  old: Schema,
  now: Schema,
  keyword: 'anyOf' | 'oneOf',
  field: string,
  out: SchemaChange[],
): void {
  const before = Array.isArray(old[keyword]) ? (old[keyword] as unknown[]) : [];
  const after = Array.isArray(now[keyword]) ? (now[keyword] as unknown[]) : [];
  if (before.length === 0 && after.length === 0) return;
  const shared = Math.min(before.length, after.length);
  for (let i = 0; i < shared; i++) compareNode(before[i], after[i], `${field}(${keyword}[${i}])`, out);
  if (after.length < before.length || before.length === 0) {
    out.push(
      change(field, 'type-changed', `${keyword} had ${before.length} alternatives, now ${after.length}`),
    );
  } else if (after.length > before.length) {
    out.push(
      change(field, 'type-widened', `${keyword} had ${before.length} alternatives, now ${after.length}`),
    );
  }
}

function change(field: string, rule: CompatRule, detail: string): SchemaChange {
  return { field: field === '' ? '(root)' : field, rule, breaking: !COMPATIBLE_RULES.has(rule), detail };
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function propertiesOf(schema: Schema): Map<string, unknown> {
  return new Map(isSchema(schema.properties) ? Object.entries(schema.properties) : []);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function typeSet(type: unknown): Set<string> {
  if (typeof type === 'string') return new Set([type]);
  return new Set(stringsOf(type));
}

function describeTypes(types: ReadonlySet<string>): string {
  return types.size === 0 ? 'any' : [...types].join(' | ');
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((value) => b.has(value));
}

function show(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

/** What happened to one released type and version. */
export interface VersionReport {
  readonly type: string;
  readonly version: number;
  /** `removed`: released but no longer in the workspace; `added`: new, not released yet. */
  readonly status: 'unchanged' | 'compatible' | 'breaking' | 'added' | 'removed';
  readonly changes: readonly SchemaChange[];
  /** The consumers of this version, from the computed routes. */
  readonly consumers: readonly Consumer[];
}

export interface CompatReport {
  readonly versions: readonly VersionReport[];
  readonly breaking: boolean;
}

/** `CourseCompleted.v2.json` → `{ type: 'CourseCompleted', version: 2 }`. */
export function parseSchemaFileName(fileName: string): { type: string; version: number } | undefined {
  const match = /^([A-Za-z][A-Za-z0-9]*)\.v([1-9][0-9]*)\.json$/.exec(fileName);
  return match ? { type: match[1] as string, version: Number(match[2]) } : undefined;
}

/**
 * Compares every released schema (the baseline, keyed by file name) with the workspace's, version by version,
 * naming the consumers of each version from the routes. A released version that disappeared breaks its
 * consumers too; a new version is how a contract changes, so it is never breaking.
 */
export function checkCompatibility(
  released: ReadonlyMap<string, Schema>,
  current: ReadonlyMap<string, Schema>,
  routes: readonly Route[],
): CompatReport {
  const names = [...new Set([...released.keys(), ...current.keys()])];
  const versions = names.map((fileName): VersionReport => {
    const id = parseSchemaFileName(fileName);
    if (!id) throw new Error(`"${fileName}" is not a schema file name like CourseCompleted.v2.json`);
    const consumers = consumersOf(routes, id.type, id.version);
    const before = released.get(fileName);
    const after = current.get(fileName);
    if (before === undefined) return { ...id, status: 'added', changes: [], consumers };
    if (after === undefined) {
      const removed = change('(root)', 'version-removed', 'this released version no longer exists');
      return { ...id, status: 'removed', changes: [removed], consumers };
    }
    const changes = compareSchemas(before, after);
    const status = changes.some((c) => c.breaking)
      ? 'breaking'
      : changes.length > 0
        ? 'compatible'
        : 'unchanged';
    return { ...id, status, changes, consumers };
  });
  versions.sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
  return { versions, breaking: versions.some((v) => v.status === 'breaking' || v.status === 'removed') };
}
