import { matches } from '@sfe/event-patterns';

/** One field of a pattern, tested on its own against the event. */
export interface FieldVerdict {
  /** The field path (`detail.metadata.version`), or `$or` for a set of alternatives. */
  readonly field: string;
  readonly matched: boolean;
  /** What the event has there and what the pattern asks, in a person's words. */
  readonly text: string;
}

export interface PatternVerdict {
  readonly matched: boolean;
  /** Matched: every field and what satisfied it. Not matched: the fields that failed (the why). */
  readonly fields: readonly FieldVerdict[];
}

/**
 * Why an event matches a pattern or not. The answer (`matched`) is the pattern engine's, on the whole pattern;
 * the why asks the same engine about each field of the pattern on its own (a one-field pattern with the field's
 * path), so each verdict has EventBridge's semantics too (prefixes, numeric ranges, `exists`, `anything-but`,
 * case folding...). `$or` is explained alternative by alternative. When every field matches on its own but the
 * whole does not, the values sit in different elements of one array (EventBridge's array consistency).
 */
export function explainPattern(pattern: unknown, event: unknown): PatternVerdict {
  const matched = matches(pattern, event);
  const parsedEvent = typeof event === 'string' ? (JSON.parse(event) as unknown) : event;
  const parsedPattern = typeof pattern === 'string' ? (JSON.parse(pattern) as unknown) : pattern;
  const verdicts = fieldVerdicts(parsedPattern as Record<string, unknown>, [], parsedEvent);
  if (matched) return { matched, fields: verdicts };
  const failed = verdicts.filter((verdict) => !verdict.matched);
  if (failed.length > 0) return { matched, fields: failed };
  return {
    matched,
    fields: [
      {
        field: verdicts.map((verdict) => verdict.field).join(', '),
        matched: false,
        text: 'each field matches on its own, but not with values from the same element of an array',
      },
    ],
  };
}

function fieldVerdicts(pattern: Record<string, unknown>, path: string[], event: unknown): FieldVerdict[] {
  const verdicts: FieldVerdict[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or' && Array.isArray(value)) {
      verdicts.push(orVerdict(value as Record<string, unknown>[], path, event));
    } else if (Array.isArray(value)) {
      const field = [...path, key];
      const ok = matches(nest(field, value), event);
      const actual = describeValues(valuesAt(event, field));
      verdicts.push({
        field: field.join('.'),
        matched: ok,
        text: `${actual} ${ok ? 'matches' : 'does not match'} ${JSON.stringify(value)}`,
      });
    } else if (typeof value === 'object' && value !== null) {
      verdicts.push(...fieldVerdicts(value as Record<string, unknown>, [...path, key], event));
    }
  }
  return verdicts;
}

function orVerdict(alternatives: Record<string, unknown>[], path: string[], event: unknown): FieldVerdict {
  const results = alternatives.map((alternative) =>
    matches(path.length ? nest(path, alternative) : alternative, event),
  );
  const first = results.indexOf(true);
  if (first >= 0) {
    return {
      field: '$or',
      matched: true,
      text: `alternative ${first + 1} of ${alternatives.length} matches`,
    };
  }
  const why = alternatives.map((alternative, index) => {
    const failed = fieldVerdicts(alternative, path, event).filter((verdict) => !verdict.matched);
    return `(${index + 1}) ${failed.map((verdict) => `${verdict.field}: ${verdict.text}`).join('; ') || 'array elements differ'}`;
  });
  return { field: '$or', matched: false, text: `no alternative matches: ${why.join(' ')}` };
}

function nest(path: readonly string[], leaf: unknown): Record<string, unknown> {
  let value = leaf;
  for (let i = path.length - 1; i >= 0; i--) value = { [path[i] as string]: value };
  return value as Record<string, unknown>;
}

/** Every leaf value at a path, arrays flattened at any level (as the engine reads an event). */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((element) => valuesAt(element, path));
  if (path.length === 0) return [value];
  if (typeof value !== 'object' || value === null) return [];
  const [head, ...rest] = path as [string, ...string[]];
  if (!Object.hasOwn(value, head)) return [];
  return valuesAt((value as Record<string, unknown>)[head], rest);
}

function describeValues(values: readonly unknown[]): string {
  if (values.length === 0) return 'absent, which';
  const shown = values.slice(0, 5).map((value) => JSON.stringify(value));
  return `${shown.join(', ')}${values.length > 5 ? ', …' : ''}`;
}
