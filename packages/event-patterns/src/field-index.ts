import type { EventValues } from './event-values';
import { asciiLower } from './ignore-case';
import { FALSE, type Matcher, matcherAccepts, NUMBER, STRING, TRUE, type ValueKind } from './matchers';

/** Receives the predicates a value satisfies. */
export interface HitSink {
  hit(predicate: number, value: number): void;
}

type Ids = number[];

/**
 * Everything the rules of a set test on one field, indexed so that one event value is checked against all of
 * them at once: exact values by hash lookup, prefixes and suffixes by one lookup per distinct length, and only
 * the operators that cannot be indexed (wildcards, ranges, CIDR blocks, anything-but) one by one.
 *
 * Entries map to predicate ids; a predicate is the whole value list of one field in one branch, shared by every
 * rule that states the same list.
 */
export class FieldIndex {
  private exact: Map<string, Ids> | undefined;
  private numberTexts: Map<string, Ids> | undefined;
  private numberValues: Map<number, Ids> | undefined;
  private readonly literals: [Ids, Ids, Ids] = [[], [], []];
  private addresses: Map<string, Ids> | undefined;
  private prefixes: LengthIndex | undefined;
  private suffixes: LengthIndex | undefined;
  private ignoreCase: Map<string, Ids> | undefined;
  private prefixesIgnoreCase: LengthIndex | undefined;
  private suffixesIgnoreCase: LengthIndex | undefined;
  private exists: Ids = [];
  /** Matchers tested one by one. */
  private readonly scanned: { readonly matcher: Matcher; readonly predicate: number }[] = [];
  private size = 0;
  private readonly leaf: { kind: ValueKind; text: string } = { kind: STRING, text: '' };

  get isEmpty(): boolean {
    return this.size === 0;
  }

  add(m: Matcher, predicate: number): void {
    this.size++;
    if (m.kind === 'number' && m.value !== undefined) {
      // Matches its own spelling and, numerically, any spelling of the same double.
      listIn((this.numberTexts ??= new Map()), m.text, true)?.push(predicate);
      listIn((this.numberValues ??= new Map()), m.value, true)?.push(predicate);
      return;
    }
    const list = this.slot(m, true);
    if (list !== undefined) list.push(predicate);
    else this.scanned.push({ matcher: m, predicate });
  }

  remove(m: Matcher, predicate: number): void {
    this.size--;
    if (m.kind === 'number' && m.value !== undefined) {
      removeId(this.numberTexts?.get(m.text), predicate);
      removeId(this.numberValues?.get(m.value), predicate);
      return;
    }
    const list = this.slot(m, false);
    if (list !== undefined) {
      removeId(list, predicate);
      return;
    }
    const at = this.scanned.findIndex((e) => e.matcher === m && e.predicate === predicate);
    if (at >= 0) this.scanned.splice(at, 1);
  }

  /** The id list an indexable matcher lives in (created when `create`), or undefined for scanned matchers. */
  private slot(m: Matcher, create: boolean): Ids | undefined {
    switch (m.kind) {
      case 'exact':
        return listIn((this.exact ??= new Map()), m.value, create);
      case 'number':
        // Not comparable: only its exact spelling matches (comparable ones are handled in `add`).
        return listIn((this.numberTexts ??= new Map()), m.text, create);
      case 'numeric-equals':
        return listIn((this.numberValues ??= new Map()), m.value, create);
      case 'literal':
        return this.literals[m.value === true ? 0 : m.value === false ? 1 : 2];
      case 'ip':
        return listIn((this.addresses ??= new Map()), m.hex, create);
      case 'prefix':
        return (this.prefixes ??= new LengthIndex()).list(m.value, create);
      case 'suffix':
        return (this.suffixes ??= new LengthIndex()).list(m.value, create);
      case 'equals-ignore-case':
        return m.value.ascii ? listIn((this.ignoreCase ??= new Map()), m.value.lower, create) : undefined;
      case 'prefix-ignore-case':
        return m.value.ascii ? (this.prefixesIgnoreCase ??= new LengthIndex()).list(m.value.lower, create) : undefined;
      case 'suffix-ignore-case':
        return m.value.ascii ? (this.suffixesIgnoreCase ??= new LengthIndex()).list(m.value.lower, create) : undefined;
      case 'exists':
        return this.exists;
      default:
        return undefined;
    }
  }

  /** Reports every predicate that value `i` satisfies. */
  evaluate(values: EventValues, i: number, sink: HitSink): void {
    const kind = values.kinds[i];
    const text = values.texts[i] as string;
    hitAll(this.exists, i, sink);
    if (kind === STRING) {
      if (this.exact !== undefined) hitAll(this.exact.get(text), i, sink);
      if (this.prefixes !== undefined) this.prefixes.startsOf(text, i, sink);
      if (this.suffixes !== undefined) this.suffixes.endsOf(text, i, sink);
      if (this.ignoreCase !== undefined || this.prefixesIgnoreCase !== undefined || this.suffixesIgnoreCase !== undefined) {
        const lower = asciiLower(text);
        const asciiUpTo = firstNonAscii(text);
        if (this.ignoreCase !== undefined && asciiUpTo === text.length) hitAll(this.ignoreCase.get(lower), i, sink);
        this.prefixesIgnoreCase?.startsOf(lower, i, sink, asciiUpTo);
        this.suffixesIgnoreCase?.endsOf(lower, i, sink, text.length - lastNonAscii(text) - 1);
      }
      if (this.addresses !== undefined) {
        const hex = values.ipHexAt(i);
        if (hex !== undefined) {
          hitAll(this.addresses.get(hex), i, sink);
          if (hex.length === 32) hitAll(this.addresses.get(hex.slice(0, 8)), i, sink);
        }
      }
    } else if (kind === NUMBER) {
      if (this.numberTexts !== undefined) hitAll(this.numberTexts.get(text), i, sink);
      if (this.numberValues !== undefined) {
        const x = values.comparableAt(i);
        if (x !== undefined) hitAll(this.numberValues.get(x), i, sink);
      }
    } else {
      hitAll(this.literals[kind === TRUE ? 0 : kind === FALSE ? 1 : 2], i, sink);
    }
    const scanned = this.scanned;
    if (scanned.length > 0) {
      const views = values.select(i);
      const leaf = this.leaf;
      leaf.kind = kind as ValueKind;
      leaf.text = text;
      for (let k = 0; k < scanned.length; k++) {
        const entry = scanned[k] as (typeof scanned)[number];
        if (matcherAccepts(entry.matcher, leaf, views)) sink.hit(entry.predicate, i);
      }
    }
  }
}

function listIn<K>(map: Map<K, Ids>, key: K, create: boolean): Ids | undefined {
  let list = map.get(key);
  if (list === undefined && create) map.set(key, (list = []));
  return list ?? [];
}

function removeId(ids: Ids | undefined, id: number): void {
  if (ids === undefined) return;
  const at = ids.indexOf(id);
  if (at >= 0) ids.splice(at, 1);
}

function hitAll(ids: Ids | undefined, i: number, sink: HitSink): void {
  if (ids === undefined) return;
  for (let k = 0; k < ids.length; k++) sink.hit(ids[k] as number, i);
}

function firstNonAscii(text: string): number {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) > 0x7f) return k;
  return text.length;
}

function lastNonAscii(text: string): number {
  for (let k = text.length - 1; k >= 0; k--) if (text.charCodeAt(k) > 0x7f) return k;
  return -1;
}

/**
 * Prefixes or suffixes grouped by length: a value is checked with one hash lookup per distinct length, so the
 * cost does not grow with the number of patterns. Handles the engine's quoting: a prefix ending in `"` also
 * matches the whole value through its closing quote, a suffix starting with `"` through its opening one.
 */
class LengthIndex {
  private readonly byLength = new Map<number, Map<string, Ids>>();
  private lengths: number[] = [];

  list(value: string, create: boolean): Ids | undefined {
    let map = this.byLength.get(value.length);
    if (map === undefined) {
      if (!create) return [];
      map = new Map();
      this.byLength.set(value.length, map);
      this.lengths = [...this.byLength.keys()].sort((a, b) => a - b);
    }
    return listIn(map, value, create);
  }

  /** Patterns `p` with `"value"` starting with `"p`; only the first `asciiUpTo` characters may be compared. */
  startsOf(value: string, i: number, sink: HitSink, asciiUpTo = Number.POSITIVE_INFINITY): void {
    const lengths = this.lengths;
    for (let k = 0; k < lengths.length; k++) {
      const length = lengths[k] as number;
      if (length <= value.length) {
        if (length > asciiUpTo) return;
        hitAll(this.byLength.get(length)?.get(value.slice(0, length)), i, sink);
      } else {
        if (length === value.length + 1 && asciiUpTo >= value.length) {
          hitAll(this.byLength.get(length)?.get(`${value}"`), i, sink);
        }
        return;
      }
    }
  }

  /** Patterns `p` with `"value"` ending with `p"`; only the last `asciiTail` characters may be compared. */
  endsOf(value: string, i: number, sink: HitSink, asciiTail = Number.POSITIVE_INFINITY): void {
    const lengths = this.lengths;
    for (let k = 0; k < lengths.length; k++) {
      const length = lengths[k] as number;
      if (length <= value.length) {
        if (length > asciiTail) return;
        hitAll(this.byLength.get(length)?.get(value.slice(value.length - length)), i, sink);
      } else {
        if (length === value.length + 1 && asciiTail >= value.length) {
          hitAll(this.byLength.get(length)?.get(`"${value}`), i, sink);
        }
        return;
      }
    }
  }
}
