import type { EventValues } from './event-values';
import { asciiLower } from './ignore-case';
import { FALSE, type Matcher, matcherAccepts, NUMBER, STRING, TRUE, type ValueKind } from './matchers';

/** Receives the predicates a value satisfies. */
export interface HitSink {
  hit(predicate: number, value: number): void;
  /**
   * Whether more values cannot change anything for this predicate: it is satisfied and no branch that uses it
   * needs to know every value (only multi-field branches do, for array consistency). Lets costly tests stop early.
   */
  settled(predicate: number): boolean;
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
  private readonly exact = new Map<string, Ids>();
  private readonly numberTexts = new Map<string, Ids>();
  private readonly numberValues = new Map<number, Ids>();
  private readonly literals: [Ids, Ids, Ids] = [[], [], []];
  private readonly addresses = new Map<string, Ids>();
  private readonly prefixes = new CharTrie(false);
  private readonly suffixes = new CharTrie(true);
  private readonly ignoreCase = new Map<string, Ids>();
  private readonly prefixesIgnoreCase = new CharTrie(false);
  private readonly suffixesIgnoreCase = new CharTrie(true);
  private readonly exists: Ids = [];
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
      listIn(this.numberTexts, m.text, true).push(predicate);
      listIn(this.numberValues, m.value, true).push(predicate);
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
        return listIn(this.exact, m.value, create);
      case 'number':
        // Not comparable: only its exact spelling matches (comparable ones are handled in `add`).
        return listIn(this.numberTexts, m.text, create);
      case 'numeric-equals':
        return listIn(this.numberValues, m.value, create);
      case 'literal':
        return this.literals[m.value === true ? 0 : m.value === false ? 1 : 2];
      case 'ip':
        return listIn(this.addresses, m.hex, create);
      case 'prefix':
        return this.prefixes.list(m.value, create);
      case 'suffix':
        return this.suffixes.list(m.value, create);
      case 'equals-ignore-case':
        return m.value.ascii ? listIn(this.ignoreCase, m.value.lower, create) : undefined;
      case 'prefix-ignore-case':
        return m.value.ascii ? this.prefixesIgnoreCase.list(m.value.lower, create) : undefined;
      case 'suffix-ignore-case':
        return m.value.ascii ? this.suffixesIgnoreCase.list(m.value.lower, create) : undefined;
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
      if (this.exact.size > 0) hitAll(this.exact.get(text), i, sink);
      if (!this.prefixes.isEmpty) this.prefixes.matches(text, i, sink);
      if (!this.suffixes.isEmpty) this.suffixes.matches(text, i, sink);
      if (this.ignoreCase.size > 0 || !this.prefixesIgnoreCase.isEmpty || !this.suffixesIgnoreCase.isEmpty) {
        // Case-insensitive ASCII patterns compare lower-cased ASCII spans of the value.
        const lower = asciiLower(text);
        const asciiUpTo = firstNonAscii(text);
        if (asciiUpTo === text.length) hitAll(this.ignoreCase.get(lower), i, sink);
        if (!this.prefixesIgnoreCase.isEmpty) this.prefixesIgnoreCase.matches(lower, i, sink, asciiUpTo);
        if (!this.suffixesIgnoreCase.isEmpty) {
          this.suffixesIgnoreCase.matches(lower, i, sink, text.length - lastNonAscii(text) - 1);
        }
      }
      if (this.addresses.size > 0) {
        const hex = values.ipHexAt(i);
        if (hex !== undefined) {
          hitAll(this.addresses.get(hex), i, sink);
          if (hex.length === 32) hitAll(this.addresses.get(hex.slice(0, 8)), i, sink);
        }
      }
    } else if (kind === NUMBER) {
      if (this.numberTexts.size > 0) hitAll(this.numberTexts.get(text), i, sink);
      if (this.numberValues.size > 0) {
        const ids = this.numberValues.get(values.approximateAt(i));
        if (ids !== undefined && values.comparableAt(i) !== undefined) hitAll(ids, i, sink);
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
        if (!sink.settled(entry.predicate) && matcherAccepts(entry.matcher, leaf, views))
          sink.hit(entry.predicate, i);
      }
    }
  }
}

function listIn<K>(map: Map<K, Ids>, key: K, create: boolean): Ids {
  const list = map.get(key);
  if (list !== undefined) return list;
  const created: Ids = [];
  if (create) map.set(key, created);
  return created;
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
 * Prefixes (or, keyed backwards, suffixes) in a character trie: a value is walked once, collecting every pattern
 * it starts with, so the cost depends on the value's length and not on the number of patterns. Handles the
 * engine's quoting: a prefix ending in `"` also matches the whole value through its closing quote (a suffix
 * starting with `"` through its opening one).
 */
class CharTrie {
  private readonly root = new CharNode();
  private count = 0;

  constructor(private readonly backwards: boolean) {}

  get isEmpty(): boolean {
    return this.count === 0;
  }

  list(key: string, create: boolean): Ids {
    let node: CharNode | undefined = this.root;
    for (let k = 0; k < key.length && node !== undefined; k++) {
      const c = key.charCodeAt(this.backwards ? key.length - 1 - k : k);
      let next: CharNode | undefined = node.next?.get(c);
      if (next === undefined && create) {
        next = new CharNode();
        node.next ??= new Map();
        node.next.set(c, next);
      }
      node = next;
    }
    if (node === undefined) return [];
    if (node.ids === undefined) {
      if (!create) return [];
      node.ids = [];
      this.count++;
    }
    return node.ids;
  }

  /**
   * Reports the patterns the value starts with (ends with, for a backwards trie). Only the first (last)
   * `usable` characters may be compared (the rest are not ASCII, for the case-insensitive tries).
   */
  matches(value: string, i: number, sink: HitSink, usable = Number.POSITIVE_INFINITY): void {
    let node: CharNode | undefined = this.root;
    const n = value.length;
    const limit = Math.min(n, usable);
    for (let k = 0; ; k++) {
      hitAll(node.ids, i, sink);
      if (k === limit) break;
      node = node.next?.get(value.charCodeAt(this.backwards ? n - 1 - k : k));
      if (node === undefined) return;
    }
    // The whole value matched a path: the quote closing (opening) it may continue the pattern.
    if (limit === n) hitAll(node.next?.get(0x22)?.ids, i, sink);
  }
}

class CharNode {
  next: Map<number, CharNode> | undefined = undefined;
  ids: Ids | undefined = undefined;
}
