import type { HitSink } from './field-index';

/** What the per-event bookkeeping needs to know about a predicate. */
export interface PredicateInfo {
  /** Branches in which the predicate is a condition that a value must satisfy. */
  readonly requiredBy: readonly number[];
  /** How many branches with more than one condition use it (they may need every satisfying value). */
  readonly inMultiFieldBranches: number;
}

/** What it needs to know about a branch. */
export interface BranchInfo {
  /** Conditions that need a value (not satisfiable by absence). */
  readonly required: number;
}

/** Whether a value's array membership is consistent with every membership picked so far. */
export function consistentWithAll(m: readonly number[], picked: readonly (readonly number[])[]): boolean {
  for (const other of picked) if (!consistent(m, other)) return false;
  return true;
}

/**
 * Two values are array-consistent unless they sit in different elements of the same array. Memberships list
 * arrays from the outside in, so walk both while they name the same arrays.
 */
function consistent(a: readonly number[], b: readonly number[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k += 2) {
    if (a[k] !== b[k]) return true;
    if (a[k + 1] !== b[k + 1]) return false;
  }
  return true;
}

/**
 * Per-event bookkeeping of a rule set, in stamped arrays so nothing is cleared between events: which predicates
 * each value satisfied, and how many of each branch's required conditions are satisfied; a branch becomes a
 * candidate when all are.
 */
export class Evaluation implements HitSink {
  private eventStamp = 0;
  private valueStamp = 0;
  private predicateEvent = new Uint32Array(64);
  private predicateValue = new Uint32Array(64);
  /** Per predicate: its first and last hit of this event; hits chain the values that satisfied it, in order. */
  private predicateFirst = new Int32Array(64);
  private predicateLast = new Int32Array(64);
  private hitValue = new Int32Array(64);
  private hitNext = new Int32Array(64);
  private hits = 0;
  private branchEvent = new Uint32Array(64);
  private branchCount = new Uint16Array(64);
  private ruleEvent = new Uint32Array(64);
  /** Branches whose required conditions are all satisfied, `candidates[0, candidateCount)`. */
  candidates = new Int32Array(64);
  candidateCount = 0;

  constructor(
    private readonly predicates: readonly (PredicateInfo | undefined)[],
    private readonly branches: readonly (BranchInfo | undefined)[],
  ) {}

  begin(predicates: number, branches: number, rules: number): void {
    if (predicates > this.predicateEvent.length) {
      const size = Math.max(predicates, this.predicateEvent.length * 2);
      this.predicateEvent = new Uint32Array(size);
      this.predicateValue = new Uint32Array(size);
      this.predicateFirst = new Int32Array(size);
      this.predicateLast = new Int32Array(size);
    }
    if (branches > this.branchEvent.length) {
      const size = Math.max(branches, this.branchEvent.length * 2);
      this.branchEvent = new Uint32Array(size);
      this.branchCount = new Uint16Array(size);
      this.candidates = new Int32Array(size);
    }
    if (rules > this.ruleEvent.length)
      this.ruleEvent = new Uint32Array(Math.max(rules, this.ruleEvent.length * 2));
    this.eventStamp++;
    this.candidateCount = 0;
    this.hits = 0;
  }

  nextValue(): void {
    this.valueStamp++;
  }

  hit(predicate: number, value: number): void {
    if (this.predicateValue[predicate] === this.valueStamp) return;
    this.predicateValue[predicate] = this.valueStamp;
    const h = this.addHit(value);
    if (this.predicateEvent[predicate] === this.eventStamp) {
      this.hitNext[this.predicateLast[predicate] as number] = h;
      this.predicateLast[predicate] = h;
      return;
    }
    this.predicateEvent[predicate] = this.eventStamp;
    this.predicateFirst[predicate] = h;
    this.predicateLast[predicate] = h;
    const requiredBy = (this.predicates[predicate] as PredicateInfo).requiredBy;
    const branches = this.branches;
    for (let k = 0; k < requiredBy.length; k++) {
      const b = requiredBy[k] as number;
      if (this.branchEvent[b] !== this.eventStamp) {
        this.branchEvent[b] = this.eventStamp;
        this.branchCount[b] = 0;
      }
      const count = ++(this.branchCount[b] as number);
      this.branchCount[b] = count;
      if (count === (branches[b] as BranchInfo).required) this.candidates[this.candidateCount++] = b;
    }
  }

  private addHit(value: number): number {
    const h = this.hits++;
    if (h === this.hitValue.length) {
      const value2 = new Int32Array(h * 2);
      value2.set(this.hitValue);
      this.hitValue = value2;
      const next2 = new Int32Array(h * 2);
      next2.set(this.hitNext);
      this.hitNext = next2;
    }
    this.hitValue[h] = value;
    this.hitNext[h] = -1;
    return h;
  }

  satisfied(predicate: number): boolean {
    return this.predicateEvent[predicate] === this.eventStamp;
  }

  settled(predicate: number): boolean {
    return (
      this.predicateEvent[predicate] === this.eventStamp &&
      (this.predicates[predicate] as PredicateInfo).inMultiFieldBranches === 0
    );
  }

  /** The values that satisfied a predicate in this event, in event order. */
  valuesOf(predicate: number): number[] {
    const values: number[] = [];
    if (!this.satisfied(predicate)) return values;
    for (let h = this.predicateFirst[predicate] as number; h >= 0; h = this.hitNext[h] as number) {
      values.push(this.hitValue[h] as number);
    }
    return values;
  }

  ruleDone(rule: number): boolean {
    return this.ruleEvent[rule] === this.eventStamp;
  }

  markRule(rule: number): void {
    this.ruleEvent[rule] = this.eventStamp;
  }
}
