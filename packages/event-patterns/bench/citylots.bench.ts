/**
 * Pattern-engine benchmark on bench/citylots (see its README): for each rule set, all its rules go into one RuleSet and
 * every one of the 20,000 events is matched from its JSON text (the engine parses it, as a bus must). Prints the
 * median and best events/s of several runs beside the reference Java engine's throughput on the same work, checks
 * every per-rule count against expected-counts.json (a wrong count fails the run), and shows how throughput
 * changes from 5 to 1,000 to 10,000 EXACT and PREFIX rules.
 *
 * Usage: pnpm --filter @sfe/event-patterns bench [-- --runs 9] [-- --only NUMERIC]
 *
 * Throughput is given by the process's CPU time (steadier than the wall clock on a shared machine, which is also
 * shown for the median). The ratio is the median's; the best run shows what the engine does when the machine's
 * neighbours leave it alone, since on a shared VM a run is only ever slowed down by them, never sped up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RuleSet } from '../src/index';

const dataDir = resolve(import.meta.dirname, 'citylots');

/** The reference (Java) engine's events/s on this workload, as given in the issue. */
const REFERENCE: Readonly<Record<string, number>> = {
  EXACT: 350_000,
  PREFIX: 350_000,
  SUFFIX: 350_000,
  ANYTHING_BUT: 250_000,
  ANYTHING_BUT_IGNORE_CASE: 250_000,
  ANYTHING_BUT_PREFIX: 250_000,
  ANYTHING_BUT_SUFFIX: 250_000,
  ANYTHING_BUT_WILDCARD: 250_000,
  NUMERIC: 210_000,
  COMPLEX_ARRAYS: 45_000,
  COMBO: 27_000,
};

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const runs = Number(option('runs') ?? 9);
const only = option('only');

/** Matches found by the last `matchAll` run. */
let totalMatches = 0;

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

/** Events one per line, each its own string (as each message would arrive on a bus). */
function loadEvents(): string[] {
  const data = gunzipSync(readFileSync(resolve(dataDir, 'events-20k.jsonl.gz')));
  const events: string[] = [];
  let start = 0;
  for (let i = 0; i <= data.length; i++) {
    if (i === data.length || data[i] === 0x0a) {
      if (i > start) events.push(data.toString('utf8', start, i));
      start = i + 1;
    }
  }
  return events;
}

function readRules(name: string): string[] {
  return readFileSync(resolve(dataDir, 'rules', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** Matches every event, counting matches per rule (rule names are their indexes). */
function matchAll(rules: RuleSet, events: readonly string[], counts: number[]): Timing {
  totalMatches = 0;
  counts.fill(0);
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (const event of events) {
    const matched = rules.matchingRules(event);
    totalMatches += matched.length;
    for (const name of matched) counts[Number(name)] = (counts[Number(name)] ?? 0) + 1;
  }
  const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs the set `runs` times after one warm-up run; returns median events/s (wall clock, CPU time) and the best. */
function measure(
  rules: RuleSet,
  events: readonly string[],
  ruleCount: number,
  check: (counts: number[]) => void,
) {
  const counts = new Array<number>(ruleCount).fill(0);
  matchAll(rules, events, counts);
  check(counts);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t = matchAll(rules, events, counts);
    check(counts);
    wall.push(events.length / t.wall);
    cpu.push(events.length / t.cpu);
  }
  return { wall: median(wall), cpu: median(cpu), best: Math.max(...cpu) };
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const failures: string[] = [];

function main(): void {
  const events = loadEvents();
  const expected = JSON.parse(readFileSync(resolve(dataDir, 'expected-counts.json'), 'utf8')) as Record<
    string,
    number[]
  >;
  console.log(
    `citylots: ${events.length} events, ${runs} runs per set after a warm-up run; Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  console.log(
    `${'rule set'.padEnd(26)}${'rules'.padStart(6)}${'median (CPU)'.padStart(14)}${'best (CPU)'.padStart(12)}${'median (wall)'.padStart(15)}${'reference'.padStart(11)}${'ratio'.padStart(8)}  counts`,
  );
  const sets = readdirSync(resolve(dataDir, 'rules'))
    .map((f) => f.replace(/\.jsonl$/, ''))
    .filter((name) => only === undefined || name === only)
    .sort();
  for (const name of sets) {
    const lines = readRules(name);
    const rules = new RuleSet();
    lines.forEach((pattern, i) => {
      rules.add(String(i), pattern);
    });
    const want = expected[name];
    let countsOk = true;
    const result = measure(rules, events, lines.length, (counts) => {
      if (JSON.stringify(counts) !== JSON.stringify(want)) {
        countsOk = false;
        failures.push(`${name}: counts ${JSON.stringify(counts)}, expected ${JSON.stringify(want)}`);
      }
    });
    const reference = REFERENCE[name];
    console.log(
      `${name.padEnd(26)}${String(lines.length).padStart(6)}${fmt(result.cpu).padStart(14)}${fmt(result.best).padStart(12)}${fmt(result.wall).padStart(15)}${(reference === undefined ? '-' : fmt(reference)).padStart(11)}${(reference === undefined ? '-' : `${(result.cpu / reference).toFixed(2)}x`).padStart(8)}  ${countsOk ? 'ok' : 'WRONG'}`,
    );
  }
  if (only === undefined || only === 'EXACT' || only === 'PREFIX') scaling(events, expected);
}

/**
 * Throughput as the rule count grows: the set's 5 rules plus generated rules of the same kind on values taken
 * from the events. The 5 original rules must keep their expected counts whatever else is in the set.
 */
function scaling(events: readonly string[], expected: Record<string, number[]>): void {
  const blocks = events.map(
    (e) => (JSON.parse(e) as { properties: { MAPBLKLOT: string; STREET: string } }).properties,
  );
  const lots = [...new Set(blocks.map((p) => p.MAPBLKLOT))];
  const streets = [...new Set(blocks.map((p) => p.STREET))];
  const generators: Record<string, (i: number) => string> = {
    EXACT: (i) => JSON.stringify({ properties: { MAPBLKLOT: [lots[i % lots.length]] } }),
    // Prefixes of several lengths, so lookups cannot stop at one length.
    PREFIX: (i) => {
      const street = streets[i % streets.length] as string;
      const length = 1 + (Math.floor(i / streets.length) % Math.max(1, street.length));
      return JSON.stringify({
        properties: { STREET: [{ prefix: `${street.slice(0, length)}${i >= streets.length * 4 ? i : ''}` }] },
      });
    },
  };
  console.log(
    `\nscaling (median events/s by CPU time; the original 5 rules' counts are checked at every size)`,
  );
  console.log(
    `${'rule set'.padEnd(10)}${'5 rules'.padStart(12)}${'1,000 rules'.padStart(14)}${'10,000 rules'.padStart(15)}`,
  );
  for (const name of ['EXACT', 'PREFIX']) {
    if (only !== undefined && only !== name) continue;
    const original = readRules(name);
    const want = expected[name] as number[];
    const row: string[] = [];
    const matchesPerEvent: string[] = [];
    for (const size of [5, 1000, 10_000]) {
      const rules = new RuleSet();
      original.forEach((pattern, i) => {
        rules.add(String(i), pattern);
      });
      const generate = generators[name] as (i: number) => string;
      for (let i = original.length; i < size; i++) rules.add(String(i), generate(i));
      const result = measure(rules, events, size, (counts) => {
        const head = counts.slice(0, original.length);
        if (JSON.stringify(head) !== JSON.stringify(want)) {
          failures.push(
            `${name} with ${size} rules: counts ${JSON.stringify(head)}, expected ${JSON.stringify(want)}`,
          );
        }
      });
      row.push(fmt(result.cpu));
      matchesPerEvent.push((totalMatches / events.length).toFixed(2));
    }
    console.log(
      `${name.padEnd(10)}${(row[0] ?? '').padStart(12)}${(row[1] ?? '').padStart(14)}${(row[2] ?? '').padStart(15)}   (${matchesPerEvent.join(' / ')})`,
    );
  }
}

main();
if (failures.length > 0) {
  console.error(`\nWRONG COUNTS:\n${failures.join('\n')}`);
  process.exitCode = 1;
}
