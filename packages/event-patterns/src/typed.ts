import type { EventDataOf, EventMetadata, EventPattern, EventTypeName } from '@sfe/events';

/**
 * Typed event patterns: a pattern for an event shape `T` may only name fields `T` has, and each field's values
 * must fit the field's type (string operators on strings, `numeric` on numbers, exact values of the right type,
 * literal values when the field is a literal union). Plain data at run time: the result is the JSON EventBridge
 * receives.
 */

type NonEmpty<T> = readonly [T, ...T[]];

/** `["<", 10]`, `[">=", 0, "<", 5]`: the operand of `{"numeric": ...}`. */
export type NumericRange =
  | readonly ['=' | '<' | '<=' | '>' | '>=', number]
  | readonly ['>' | '>=', number, '<' | '<=', number];

type StringOrIgnoreCase = string | { readonly 'equals-ignore-case': string };

/** Match expressions that apply to string fields. */
export type StringOperator =
  | { readonly prefix: StringOrIgnoreCase }
  | { readonly suffix: StringOrIgnoreCase }
  | { readonly 'equals-ignore-case': string }
  | { readonly wildcard: string }
  | { readonly cidr: string }
  | {
      readonly 'anything-but':
        | string
        | NonEmpty<string>
        | { readonly prefix: string | NonEmpty<string> }
        | { readonly suffix: string | NonEmpty<string> }
        | { readonly 'equals-ignore-case': string | NonEmpty<string> }
        | { readonly wildcard: string | NonEmpty<string> };
    };

/** Match expressions that apply to number fields. */
export type NumberOperator =
  | { readonly numeric: NumericRange }
  | { readonly 'anything-but': number | NonEmpty<number> };

type ExistsOperator = { readonly exists: boolean };

/** What may appear in the value list of a leaf of type `V` (a scalar). */
export type LeafValue<V> =
  | ExistsOperator
  | (V extends string ? V | StringOperator : never)
  | (V extends number ? V | NumberOperator : never)
  | (V extends boolean ? V : never)
  | (V extends null ? null : never);

type Scalar = string | number | boolean | null;

/**
 * The pattern for a field of type `V`: a non-empty value list for a scalar, a nested pattern for an object, and
 * for an array the pattern of its elements (EventBridge matches any element).
 */
export type FieldPattern<V> = [NonNullable<V>] extends [readonly (infer E)[]]
  ? FieldPattern<E>
  : [NonNullable<V>] extends [Scalar]
    ? NonEmpty<LeafValue<NonNullable<V>>>
    : [NonNullable<V>] extends [object]
      ? PatternOf<NonNullable<V>>
      : never;

/**
 * The allowed pattern for objects of type `T`: every key optional, unknown keys are type errors, and `$or` takes
 * alternatives of the same shape.
 *
 * @example
 * type Order = { id: string; total: number; customer: { tier: 'gold' | 'silver' } };
 * const big: PatternOf<Order> = { total: [{ numeric: ['>', 100] }], customer: { tier: ['gold'] } };
 */
export type PatternOf<T> = {
  readonly [K in keyof T]?: FieldPattern<T[K]>;
} & { readonly $or?: NonEmpty<PatternOf<T>> };

/** Fields of our events' metadata a consumer may filter on (type and version have their own options). */
type FilterableMetadata = Omit<EventMetadata, 'type' | 'version'>;

export interface DomainEventPatternOptions<T extends EventTypeName> {
  /** A pattern on `detail.data`, typed by the current version of the event's schema. */
  readonly data?: PatternOf<EventDataOf<T>>;
  /** A pattern on `detail.metadata` (e.g. `{ domain: ['course'] }`). */
  readonly metadata?: PatternOf<FilterableMetadata>;
  /** Only these schema versions (`detail.metadata.version`). */
  readonly version?: NonEmpty<number>;
  /** The producing service(s) (`source`). */
  readonly source?: FieldPattern<string>;
}

/**
 * The EventBridge pattern for one or more of our event types, with optional typed filters on the payload and
 * metadata.
 *
 * @example
 * domainEventPattern(EventType.CourseCompleted, { data: { courseId: ['c-42'] }, version: [2] });
 * // { 'detail-type': ['CourseCompleted'], detail: { metadata: { version: [2] }, data: { courseId: ['c-42'] } } }
 */
export function domainEventPattern<T extends EventTypeName>(
  type: T | NonEmpty<T>,
  options: DomainEventPatternOptions<T> = {},
): EventPattern {
  const types: readonly T[] = typeof type === 'string' ? [type] : type;
  const metadata: Record<string, unknown> = { ...options.metadata };
  if (options.version !== undefined) metadata.version = options.version;
  const detail: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) detail.metadata = metadata;
  if (options.data !== undefined) detail.data = options.data;
  const pattern: Record<string, unknown> = {};
  if (options.source !== undefined) pattern.source = options.source;
  pattern['detail-type'] = [...types];
  if (Object.keys(detail).length > 0) pattern.detail = detail;
  return pattern;
}
