import { ipToHex } from './cidr';
import { NUMBER, STRING, type ValueKind, type ValueViews } from './matchers';
import { comparableGiven } from './numeric';

/**
 * The leaf values of one event that some rule looks at, grouped by field. Reused from event to event (a rule set
 * owns one), so matching allocates little.
 *
 * A value's `membership` records the arrays it sits in, for array consistency: a flat list of
 * `[arrayId, index, arrayId, index, ...]` from the outermost array in, counting only arrays whose element (an
 * object or array) contains the value. A scalar directly in an array carries its parent's membership, as in
 * the engine.
 */
export class EventValues implements ValueViews {
  count = 0;
  kinds = new Uint8Array(64);
  texts: string[] = [];
  memberships: (readonly number[] | null)[] = [];
  fieldOf = new Int32Array(64);
  nextOfField = new Int32Array(64);
  /** Lazily computed numbers: state 0 unknown, 3 parsed (`numbers` holds Number(text)), 1 comparable, 2 not. */
  private numberState = new Uint8Array(64);
  private numbers = new Float64Array(64);
  private addresses: (string | undefined | null)[] = [];

  /** Per field: first and last value index of this event (valid when `fieldStamp[field] === stamp`). */
  firstOfField = new Int32Array(16);
  private lastOfField = new Int32Array(16);
  private fieldStamp = new Uint32Array(16);
  /** Per field: whether any value of this event sits inside an array element (stamped like the above). */
  private membershipStamp = new Uint32Array(16);
  private stamp = 1;
  nextArrayId = 0;

  /** Starts a new event. */
  reset(fieldCapacity: number): void {
    if (fieldCapacity > this.fieldStamp.length) {
      const size = Math.max(fieldCapacity, this.fieldStamp.length * 2);
      this.firstOfField = new Int32Array(size);
      this.lastOfField = new Int32Array(size);
      this.fieldStamp = new Uint32Array(size);
      this.membershipStamp = new Uint32Array(size);
    }
    this.count = 0;
    this.nextArrayId = 0;
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.stamp = 1;
      this.fieldStamp.fill(0);
      this.membershipStamp.fill(0);
    }
  }

  add(field: number, kind: ValueKind, text: string, membership: readonly number[] | null): void {
    const i = this.count;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.texts[i] = text;
    this.memberships[i] = membership;
    this.fieldOf[i] = field;
    this.nextOfField[i] = -1;
    this.numberState[i] = 0;
    this.addresses[i] = null;
    this.count = i + 1;
    if (this.fieldStamp[field] !== this.stamp) {
      this.fieldStamp[field] = this.stamp;
      this.firstOfField[field] = i;
    } else {
      this.nextOfField[this.lastOfField[field] as number] = i;
    }
    this.lastOfField[field] = i;
    if (membership !== null) this.membershipStamp[field] = this.stamp;
  }

  /** First value index of a field in this event, or -1. */
  first(field: number): number {
    return this.fieldStamp[field] === this.stamp ? (this.firstOfField[field] as number) : -1;
  }

  hasValues(field: number): boolean {
    return this.fieldStamp[field] === this.stamp;
  }

  /** Whether some value of the field sits in an array element. */
  hasMembership(field: number): boolean {
    return this.membershipStamp[field] === this.stamp;
  }

  // ValueViews for the value selected with `select`.
  private current = 0;
  select(i: number): this {
    this.current = i;
    return this;
  }

  approximate(): number {
    return this.approximateAt(this.current);
  }

  comparable(): number | undefined {
    return this.comparableAt(this.current);
  }

  ipHex(): string | undefined {
    return this.ipHexAt(this.current);
  }

  /** `Number(text)` of a number value (NaN for other kinds), with -0 read as 0. */
  approximateAt(i: number): number {
    if (this.numberState[i] !== 0) return this.numbers[i] as number;
    const value = this.kinds[i] === NUMBER ? Number(this.texts[i]) + 0 : Number.NaN;
    this.numbers[i] = value;
    this.numberState[i] = 3;
    return value;
  }

  /** The double the engine compares a number value as, or `undefined`. */
  comparableAt(i: number): number | undefined {
    let state = this.numberState[i];
    if (state === 0) {
      this.approximateAt(i);
      state = 3;
    }
    if (state === 1) return this.numbers[i];
    if (state === 2) return undefined;
    const value =
      this.kinds[i] === NUMBER
        ? comparableGiven(this.texts[i] as string, this.numbers[i] as number)
        : undefined;
    this.numberState[i] = value === undefined ? 2 : 1;
    return value;
  }

  ipHexAt(i: number): string | undefined {
    const cached = this.addresses[i];
    if (cached !== null) return cached;
    const hex = this.kinds[i] === STRING ? ipToHex(this.texts[i] as string) : undefined;
    this.addresses[i] = hex;
    return hex;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const grow8 = (a: Uint8Array): Uint8Array<ArrayBuffer> => {
      const b = new Uint8Array(size);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.kinds = grow8(this.kinds);
    this.numberState = grow8(this.numberState);
    this.fieldOf = grow32(this.fieldOf);
    this.nextOfField = grow32(this.nextOfField);
    const numbers = new Float64Array(size);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }
}

/** The membership of a value inside element `index` of array `arrayId`, within `membership`. */
export function extendMembership(
  membership: readonly number[] | null,
  arrayId: number,
  index: number,
): number[] {
  return membership === null ? [arrayId, index] : [...membership, arrayId, index];
}
