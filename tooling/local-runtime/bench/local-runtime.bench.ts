// `pnpm bench`: business moments through the whole local choreography (stream, stream processor, bus,
// queues, every service's real handler and its files), in this process, each run on a fresh store in a temp
// directory, with the runtime's own defaults (as `pnpm dev` runs it).
//
//   tsx bench/local-runtime.bench.ts [--latency <learners>] [--moments <n>] [--concurrency <a,b>]
//
// Prints, against the targets of issue 18:
// - commit → last side effect, p50/p99 per moment kind, one moment at a time;
// - end-to-end moments/s for sign-ups and for mixed moments at two concurrency levels, beside the rate at which
//   the same moments commit with no choreography running (the writes alone).
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MomentName } from '../src/moments/business-moments';
import { type RuntimeObserver, silentObserver } from '../src/output/terminal';
import { createRuntime, type Runtime } from '../src/runtime';

const { values: args } = parseArgs({
  options: {
    latency: { type: 'string', default: '30' },
    moments: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '16,64' },
  },
});
const LATENCY_LEARNERS = Number(args.latency);
const MOMENTS = Number(args.moments);
const CONCURRENCY = args.concurrency.split(',').map(Number);

/** p99 targets of issue 18, per moment kind (commit → last side effect, one moment at a time). */
const LATENCY_TARGETS_MS: Partial<Record<MomentName, number>> = { 'sign-up': 50, 'complete-course': 120 };
const THROUGHPUT_TARGET = 200;

type Moment = readonly [MomentName, unknown];
const signUp = (learner: string): Moment => [
  'sign-up',
  { userId: learner, email: `${learner}@example.com`, name: `Learner ${learner}` },
];
/** A learner's whole journey: every moment depends on the one before, so a flow runs in order. */
const flow = (learner: string): Moment[] => [
  signUp(learner),
  ['enrol', { userId: learner, courseId: 'eda-101', courseTitle: 'Event-driven architecture' }],
  ['pay', { userId: learner, courseId: 'eda-101', amount: 4999 }],
  ['complete-course', { userId: learner, courseId: 'eda-101' }],
];
const METHODS = {
  'sign-up': 'signUp',
  enrol: 'enrol',
  pay: 'pay',
  'complete-course': 'completeCourse',
} as const;

/**
 * An empty store made once and copied for each run: creating a PGlite database (initdb) takes seconds, which
 * would dominate the bench's own time, not its figures.
 */
const template = await mkdtemp(join(tmpdir(), 'sfe-bench-template-'));
await (await createRuntime({ dataDirectory: template, observer: silentObserver })).stop();

/** A runtime on a fresh store, timing its last commit and last side effect. */
async function freshRuntime() {
  const directory = await mkdtemp(join(tmpdir(), 'sfe-bench-'));
  await cp(template, directory, { recursive: true });
  const clock = { lastCommitAt: 0, lastEffectAt: 0 };
  const observer: RuntimeObserver = {
    ...silentObserver,
    committed: () => {
      clock.lastCommitAt = performance.now();
    },
    sideEffect: () => {
      clock.lastEffectAt = performance.now();
    },
  };
  const runtime = await createRuntime({
    dataDirectory: directory,
    observer,
    settings: { FFMPEG_PATH: 'none' },
  });
  const perform = ([name, input]: Moment) =>
    runtime.moments[METHODS[name as keyof typeof METHODS]](input as never);
  return {
    runtime,
    clock,
    perform,
    async dispose() {
      await runtime.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Warm-up: loads fonts, templates and code paths once, outside the measurements. */
async function warmUp(runtime: Runtime, perform: (moment: Moment) => Promise<unknown>) {
  for (const moment of flow('warm-up')) await perform(moment);
  await runtime.idle(120_000);
}

/** Runs `sequences` with `concurrency` of them in flight at a time; each sequence runs in order. */
async function drive(
  sequences: readonly Moment[][],
  concurrency: number,
  perform: (moment: Moment) => Promise<unknown>,
) {
  let next = 0;
  const worker = async () => {
    while (next < sequences.length) {
      const sequence = sequences[next++] ?? [];
      for (const moment of sequence) await perform(moment);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function latency(): Promise<Record<string, number[]>> {
  const { runtime, clock, perform, dispose } = await freshRuntime();
  runtime.start();
  try {
    await warmUp(runtime, perform);
    const latencies: Record<string, number[]> = {};
    for (let i = 0; i < LATENCY_LEARNERS; i++) {
      for (const moment of flow(`latency-${i}`)) {
        clock.lastEffectAt = 0;
        await perform(moment);
        const committedAt = clock.lastCommitAt;
        await runtime.idle(120_000);
        if (clock.lastEffectAt > 0) {
          latencies[moment[0]] = [...(latencies[moment[0]] ?? []), clock.lastEffectAt - committedAt];
        }
      }
    }
    return latencies;
  } finally {
    await dispose();
  }
}

/** The moments of a workload, as sequences (sign-ups: one each; mixed: whole learner journeys). */
function workload(kind: 'sign-ups' | 'mixed', prefix: string): Moment[][] {
  if (kind === 'sign-ups') return Array.from({ length: MOMENTS }, (_, i) => [signUp(`${prefix}-${i}`)]);
  return Array.from({ length: Math.ceil(MOMENTS / 4) }, (_, i) => flow(`${prefix}-${i}`));
}

/** The writes alone: the same moments committed with the runtime's pollers never started. */
async function commitsAlone(kind: 'sign-ups' | 'mixed', concurrency: number): Promise<number> {
  const { runtime, perform, dispose } = await freshRuntime();
  try {
    await runtime.moments.signUp({ userId: 'warm-up', email: 'warm-up@example.com', name: 'Warm Up' });
    const sequences = workload(kind, 'alone');
    const started = performance.now();
    await drive(sequences, concurrency, perform);
    return (sequences.flat().length / (performance.now() - started)) * 1000;
  } finally {
    await dispose();
  }
}

/**
 * End to end: from the first write to the last side effect of the last moment, in moments/s, and the process's
 * CPU time per moment over the same run (user + system, every thread: the figure to compare on a shared machine,
 * where the wall-clock rate follows the share of the cores the process gets).
 */
async function endToEnd(
  kind: 'sign-ups' | 'mixed',
  concurrency: number,
): Promise<{ rate: number; cpuMsPerMoment: number }> {
  const { runtime, clock, perform, dispose } = await freshRuntime();
  runtime.start();
  try {
    await warmUp(runtime, perform);
    const sequences = workload(kind, 'load');
    const moments = sequences.flat().length;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await drive(sequences, concurrency, perform);
    await runtime.idle(600_000);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      rate: (moments / (clock.lastEffectAt - started)) * 1000,
      cpuMsPerMoment: (cpu.user + cpu.system) / 1000 / moments,
    };
  } finally {
    await dispose();
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
console.log(
  `local runtime bench, ${new Date().toISOString()}, node ${process.version}, load average ${load()} at start`,
);

const latencies = await latency();
console.log(
  `\ncommit → last side effect, one moment at a time (${LATENCY_LEARNERS} learners' journeys, after a warm-up):`,
);
for (const [name, values] of Object.entries(latencies)) {
  const target = LATENCY_TARGETS_MS[name as MomentName];
  const p99 = percentile(values, 99);
  console.log(
    `  ${name.padEnd(16)} n ${String(values.length).padStart(3)}   p50 ${percentile(values, 50).toFixed(0).padStart(4)} ms` +
      `   p99 ${p99.toFixed(0).padStart(4)} ms${target ? `   target p99 <= ${target} ms: ${p99 <= target ? 'met' : 'NOT met'}` : ''}`,
  );
}

console.log(
  `\nthroughput, ${MOMENTS} moments per run, each run on a fresh store (target >= ${THROUGHPUT_TARGET}/s):`,
);
for (const kind of ['sign-ups', 'mixed'] as const) {
  for (const concurrency of CONCURRENCY) {
    const alone = await commitsAlone(kind, concurrency);
    const { rate, cpuMsPerMoment } = await endToEnd(kind, concurrency);
    console.log(
      `  ${kind.padEnd(8)} ${String(concurrency).padStart(3)} in flight: end to end ${rate.toFixed(1).padStart(6)} moments/s` +
        ` (CPU ${cpuMsPerMoment.toFixed(1)} ms/moment)   commits alone ${alone.toFixed(1).padStart(6)}/s` +
        `   (end to end / commits ${(rate / alone).toFixed(2)})   target: ${rate >= THROUGHPUT_TARGET ? 'met' : 'NOT met'}`,
    );
  }
}
console.log(`\nload average ${load()} at the end`);
await rm(template, { recursive: true, force: true });
