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
  private predicateValues: number[][] = [];
  private branchEvent = new Uint32Array(64);
  private branchCount = new Uint16Array(64);
  private ruleEvent = new Uint32Array(64);
  candidates: number[] = [];

  constructor(
    private readonly predicates: readonly (PredicateInfo | undefined)[],
    private readonly branches: readonly (BranchInfo | undefined)[],
  ) {}

  begin(predicates: number, branches: number, rules: number): void {
    if (predicates > this.predicateEvent.length) {
      const size = Math.max(predicates, this.predicateEvent.length * 2);
      this.predicateEvent = new Uint32Array(size);
      this.predicateValue = new Uint32Array(size);
    }
    if (branches > this.branchEvent.length) {
      const size = Math.max(branches, this.branchEvent.length * 2);
      this.branchEvent = new Uint32Array(size);
      this.branchCount = new Uint16Array(size);
    }
    if (rules > this.ruleEvent.length)
      this.ruleEvent = new Uint32Array(Math.max(rules, this.ruleEvent.length * 2));
    this.eventStamp++;
    this.candidates.length = 0;
  }

  nextValue(): void {
    this.valueStamp++;
  }

  hit(predicate: number, value: number): void {
    if (this.predicateValue[predicate] === this.valueStamp) return;
    this.predicateValue[predicate] = this.valueStamp;
    if (this.predicateEvent[predicate] === this.eventStamp) {
      (this.predicateValues[predicate] as number[]).push(value);
      return;
    }
    this.predicateEvent[predicate] = this.eventStamp;
    const list = this.predicateValues[predicate];
    if (list === undefined) this.predicateValues[predicate] = [value];
    else {
      list.length = 1;
      list[0] = value;
    }
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
      if (count === (branches[b] as BranchInfo).required) this.candidates.push(b);
    }
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

  valuesOf(predicate: number): readonly number[] {
    return this.satisfied(predicate) ? (this.predicateValues[predicate] as number[]) : [];
  }

  ruleDone(rule: number): boolean {
    return this.ruleEvent[rule] === this.eventStamp;
  }

  markRule(rule: number): void {
    this.ruleEvent[rule] = this.eventStamp;
  }
}
