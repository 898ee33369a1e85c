import { type Branch, type CompiledPattern, type Condition, compilePatternSource } from './compile';
import { consistentWithAll, Evaluation } from './evaluation';
import { EventValues } from './event-values';
import { FieldIndex } from './field-index';
import { FieldTrie, type TrieNode } from './field-trie';
import { flattenEvent } from './flatten';
import type { Matcher } from './matchers';

interface FieldEntry {
  readonly path: string;
  readonly node: TrieNode;
  readonly index: FieldIndex;
  uses: number;
}

interface PredicateEntry {
  readonly key: string;
  readonly field: number;
  readonly matchers: readonly Matcher[];
  uses: number;
  /** Branches in which this predicate is a condition that a value must satisfy. */
  readonly requiredBy: number[];
  /** How many branches with more than one condition use it (they may need every satisfying value). */
  inMultiFieldBranches: number;
}

interface CompiledCondition {
  readonly field: number;
  /** -1 when the condition is only `{"exists": false}`. */
  readonly predicate: number;
  readonly absent: boolean;
}

interface BranchEntry {
  readonly rule: number;
  readonly conditions: readonly CompiledCondition[];
  /** Conditions that need a value (not satisfiable by absence). */
  readonly required: number;
}

interface RuleEntry {
  readonly id: number;
  readonly name: string;
  readonly pattern: CompiledPattern;
  readonly branches: number[];
}

/**
 * Many patterns matched against one event at once, as a bus routes: `matchingRules(event)` returns the names of
 * the rules whose pattern matches.
 *
 * Work is shared across rules. Every field any rule names is read from the event once (from JSON text we only
 * scan the parts rules look at); each value is checked once against an index of all the rules' tests on its
 * field (hash lookups for exact values and prefixes, so thousands of rules cost about what one does); and a rule
 * is only considered when all of its required fields were satisfied, counted per branch. Array consistency and
 * `exists: false` are checked exactly, as EventBridge does, for those candidates only.
 *
 * @example
 * const rules = new RuleSet();
 * rules.add('certificates', { 'detail-type': ['CourseCompleted'] });
 * rules.matchingRules('{"detail-type":"CourseCompleted","detail":{}}'); // ['certificates']
 */
export class RuleSet {
  private readonly trie = new FieldTrie();
  private readonly fields: (FieldEntry | undefined)[] = [];
  private readonly fieldByPath = new Map<string, number>();
  private readonly predicates: (PredicateEntry | undefined)[] = [];
  private readonly predicateByKey = new Map<string, number>();
  private readonly branches: (BranchEntry | undefined)[] = [];
  private readonly rules = new Map<string, RuleEntry>();
  private readonly ruleNames: (string | undefined)[] = [];
  /** Branches with no required condition (only `exists: false` tests): checked on every event. */
  private readonly unconditional = new Set<number>();
  private readonly freeFields: number[] = [];
  private readonly freePredicates: number[] = [];
  private readonly freeBranches: number[] = [];

  private readonly values = new EventValues();
  private readonly evaluation = new Evaluation(this.predicates, this.branches);

  /** Number of rules in the set. */
  get size(): number {
    return this.rules.size;
  }

  /** The names of the rules, in the order they were added. */
  names(): string[] {
    return [...this.rules.keys()];
  }

  /**
   * Adds a rule (replacing any rule of the same name). The pattern may be JSON text or a parsed value.
   * Throws {@link InvalidEventPatternError} if EventBridge would reject the pattern.
   */
  add(name: string, pattern: unknown): void {
    const compiled = compilePatternSource(pattern);
    if (this.rules.has(name)) this.remove(name);
    // Ids grow with every add (never reused), so sorting by id gives the order rules were added in.
    const id = this.ruleNames.length;
    this.ruleNames[id] = name;
    const rule: RuleEntry = { id, name, pattern: compiled, branches: [] };
    for (const branch of compiled.branches) rule.branches.push(this.addBranch(id, branch));
    this.rules.set(name, rule);
  }

  /** Removes a rule; returns whether it was there. */
  remove(name: string): boolean {
    const rule = this.rules.get(name);
    if (rule === undefined) return false;
    for (const b of rule.branches) this.removeBranch(b);
    this.rules.delete(name);
    this.ruleNames[rule.id] = undefined;
    return true;
  }

  /** Whether a rule of that name is in the set. */
  has(name: string): boolean {
    return this.rules.has(name);
  }

  /**
   * The names of the rules that match an event, in the order the rules were added. The event is JSON text
   * (parsed as EventBridge parses it) or a parsed value. Throws {@link InvalidEventError} for text that is not a
   * JSON object.
   */
  matchingRules(event: unknown): string[] {
    const values = this.values;
    values.reset(this.fields.length);
    flattenEvent(event, this.trie.root, values);
    const ev = this.evaluation;
    ev.begin(this.predicates.length, this.branches.length, this.ruleNames.length);
    const fields = this.fields;
    for (let i = 0; i < values.count; i++) {
      ev.nextValue();
      (fields[values.fieldOf[i] as number] as FieldEntry).index.evaluate(values, i, ev);
    }
    if (ev.candidateCount === 0 && this.unconditional.size === 0) return [];
    const matched: number[] = [];
    const candidates = ev.candidates;
    for (let k = 0; k < ev.candidateCount; k++) this.confirm(candidates[k] as number, matched);
    for (const b of this.unconditional) this.confirm(b, matched);
    sortSmall(matched);
    const names: string[] = new Array(matched.length);
    for (let k = 0; k < matched.length; k++) names[k] = this.ruleNames[matched[k] as number] as string;
    return names;
  }

  /** Whether any rule matches the event. */
  matchesAny(event: unknown): boolean {
    return this.matchingRules(event).length > 0;
  }

  private confirm(b: number, matched: number[]): void {
    const branch = this.branches[b] as BranchEntry;
    if (this.evaluation.ruleDone(branch.rule)) return;
    if (this.branchMatches(branch)) {
      this.evaluation.markRule(branch.rule);
      matched.push(branch.rule);
    }
  }

  private branchMatches(branch: BranchEntry): boolean {
    const values = this.values;
    const ev = this.evaluation;
    let withArrays = 0;
    for (const c of branch.conditions) if (values.hasMembership(c.field)) withArrays++;
    if (withArrays <= 1) {
      // Values outside arrays are consistent with anything, so each condition can be judged on its own.
      for (const c of branch.conditions) {
        if (c.predicate >= 0 && ev.satisfied(c.predicate)) continue;
        if (c.absent && !values.hasValues(c.field)) continue;
        return false;
      }
      return true;
    }
    return this.searchConsistent(branch.conditions, 0, []);
  }

  /**
   * Array consistency: pick, field by field in path order, a value that satisfies the condition and sits in the
   * same array elements as the values picked so far. `exists: false` holds when no value of the field is
   * consistent with the picks made for the fields before it (the engine's order-dependent reading).
   */
  private searchConsistent(
    conditions: readonly CompiledCondition[],
    k: number,
    picked: (readonly number[])[],
  ): boolean {
    if (k === conditions.length) return true;
    const c = conditions[k] as CompiledCondition;
    const values = this.values;
    if (c.predicate >= 0) {
      for (const i of this.evaluation.valuesOf(c.predicate)) {
        const m = values.memberships[i] ?? null;
        if (m !== null && !consistentWithAll(m, picked)) continue;
        if (m !== null) picked.push(m);
        const found = this.searchConsistent(conditions, k + 1, picked);
        if (m !== null) picked.pop();
        if (found) return true;
      }
    }
    if (c.absent) {
      for (let i = values.first(c.field); i >= 0; i = values.nextOfField[i] as number) {
        const m = values.memberships[i] ?? null;
        if (m === null || consistentWithAll(m, picked)) return false;
      }
      return this.searchConsistent(conditions, k + 1, picked);
    }
    return false;
  }

  private addBranch(rule: number, branch: Branch): number {
    const conditions = branch.map((c) => this.addCondition(c));
    if (conditions.length > 1) {
      for (const c of conditions) {
        if (c.predicate >= 0) (this.predicates[c.predicate] as PredicateEntry).inMultiFieldBranches++;
      }
    }
    const id = this.freeBranches.pop() ?? this.branches.length;
    let required = 0;
    for (const c of conditions) {
      if (!c.absent) {
        required++;
        (this.predicates[c.predicate] as PredicateEntry).requiredBy.push(id);
      }
    }
    this.branches[id] = { rule, conditions, required };
    if (required === 0) this.unconditional.add(id);
    return id;
  }

  private removeBranch(id: number): void {
    const branch = this.branches[id] as BranchEntry;
    for (const c of branch.conditions) {
      if (c.predicate >= 0) {
        const p = this.predicates[c.predicate] as PredicateEntry;
        if (!c.absent) p.requiredBy.splice(p.requiredBy.indexOf(id), 1);
        if (branch.conditions.length > 1) p.inMultiFieldBranches--;
        this.releasePredicate(c.predicate);
      }
      this.releaseField(c.field);
    }
    this.unconditional.delete(id);
    this.branches[id] = undefined;
    this.freeBranches.push(id);
  }

  private addCondition(condition: Condition): CompiledCondition {
    const field = this.useField(condition.path);
    let predicate = -1;
    if (condition.matchers.length > 0) {
      const key = `${field}\u0000${condition.matchers.map(matcherKey).join('\u0001')}`;
      const existing = this.predicateByKey.get(key);
      if (existing !== undefined) {
        predicate = existing;
        (this.predicates[existing] as PredicateEntry).uses++;
      } else {
        predicate = this.freePredicates.pop() ?? this.predicates.length;
        this.predicates[predicate] = {
          key,
          field,
          matchers: condition.matchers,
          uses: 1,
          requiredBy: [],
          inMultiFieldBranches: 0,
        };
        this.predicateByKey.set(key, predicate);
        const index = (this.fields[field] as FieldEntry).index;
        for (const m of condition.matchers) index.add(m, predicate);
      }
    }
    return { field, predicate, absent: condition.absent };
  }

  private releasePredicate(id: number): void {
    const p = this.predicates[id] as PredicateEntry;
    if (--p.uses > 0) return;
    const index = (this.fields[p.field] as FieldEntry).index;
    for (const m of p.matchers) index.remove(m, id);
    this.predicateByKey.delete(p.key);
    this.predicates[id] = undefined;
    this.freePredicates.push(id);
  }

  private useField(path: string): number {
    const existing = this.fieldByPath.get(path);
    if (existing !== undefined) {
      (this.fields[existing] as FieldEntry).uses++;
      return existing;
    }
    const id = this.freeFields.pop() ?? this.fields.length;
    const node = this.trie.add(path);
    node.field = id;
    this.fields[id] = { path, node, index: new FieldIndex(), uses: 1 };
    this.fieldByPath.set(path, id);
    return id;
  }

  private releaseField(id: number): void {
    const f = this.fields[id] as FieldEntry;
    if (--f.uses > 0) return;
    f.node.field = -1;
    this.trie.remove(f.path);
    this.fieldByPath.delete(f.path);
    this.fields[id] = undefined;
    this.freeFields.push(id);
  }
}

/**
 * Sorts rule ids in place. Events match few rules, whose ids arrive nearly in order, where insertion sort beats
 * `Array.prototype.sort` (a comparator call per step); large lists still go to the built-in sort.
 */
function sortSmall(ids: number[]): void {
  const n = ids.length;
  if (n > 32) {
    ids.sort((a, b) => a - b);
    return;
  }
  for (let i = 1; i < n; i++) {
    const id = ids[i] as number;
    let j = i - 1;
    while (j >= 0 && (ids[j] as number) > id) {
      ids[j + 1] = ids[j] as number;
      j--;
    }
    ids[j + 1] = id;
  }
}

/** A canonical text for a matcher, so identical field tests from different rules share one predicate. */
function matcherKey(m: Matcher): string {
  switch (m.kind) {
    case 'equals-ignore-case':
    case 'prefix-ignore-case':
    case 'suffix-ignore-case':
      return `${m.kind}:${m.value.text}`;
    case 'wildcard':
      return `${m.kind}:${m.pattern.source}`;
    case 'anything-but-ignore-case':
      return `${m.kind}:${JSON.stringify(m.values.map((v) => v.text))}`;
    case 'anything-but-wildcard':
      return `${m.kind}:${JSON.stringify(m.patterns.map((p) => p.source))}`;
    default:
      return JSON.stringify(m);
  }
}
