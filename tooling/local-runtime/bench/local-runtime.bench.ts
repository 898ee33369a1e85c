// `pnpm bench`: business moments through the whole local choreography (stream, stream processor, bus,
// queues, every service's real handler and its files), in this process, on a fresh store in a temp directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MomentName } from '../src/moments/business-moments';
import { type RuntimeObserver, silentObserver } from '../src/output/terminal';
import { createRuntime } from '../src/runtime';

const THROUGHPUT_LEARNERS = Number(process.argv[2] ?? 16);
const LATENCY_LEARNERS = Number(process.argv[3] ?? 8);
const CONCURRENT_FLOWS = 8;

let lastEffectAt = 0;
let lastCommitAt = 0;
const observer: RuntimeObserver = {
  ...silentObserver,
  committed: () => {
    lastCommitAt = performance.now();
  },
  sideEffect: () => {
    lastEffectAt = performance.now();
  },
};

const directory = await mkdtemp(join(tmpdir(), 'sfe-bench-'));
const runtime = await createRuntime({
  dataDirectory: directory,
  observer,
  pollIntervalMs: 50,
  stream: { retryDelayMs: 20 },
  settings: { FFMPEG_PATH: 'none' },
});
runtime.start();

const flow = (learner: string): [MomentName, unknown][] => [
  ['sign-up', { userId: learner, email: `${learner}@example.com`, name: `Learner ${learner}` }],
  ['enrol', { userId: learner, courseId: 'eda-101', courseTitle: 'Event-driven architecture' }],
  ['pay', { userId: learner, courseId: 'eda-101', amount: 4999 }],
  ['complete-course', { userId: learner, courseId: 'eda-101' }],
];
const perform = async (name: MomentName, input: unknown) => {
  const method = (
    { 'sign-up': 'signUp', enrol: 'enrol', pay: 'pay', 'complete-course': 'completeCourse' } as const
  )[name as 'sign-up'];
  await runtime.moments[method](input);
};

try {
  // Warm-up: loads fonts, templates and code paths once, outside the measurements.
  for (const [name, input] of flow('warm-up')) await perform(name, input);
  await runtime.idle(120_000);

  // Latency: one moment at a time, from its commit to the last side effect it caused.
  const latencies: Record<string, number[]> = {};
  for (let i = 0; i < LATENCY_LEARNERS; i++) {
    for (const [name, input] of flow(`latency-${i}`)) {
      lastEffectAt = 0;
      await perform(name, input);
      const committedAt = lastCommitAt;
      await runtime.idle(120_000);
      if (lastEffectAt > 0) {
        latencies[name] = [...(latencies[name] ?? []), lastEffectAt - committedAt];
      }
    }
  }

  // Throughput: flows of several learners at once; moments per second until every effect is done.
  const learners = Array.from({ length: THROUGHPUT_LEARNERS }, (_, i) => `load-${i}`);
  const started = performance.now();
  for (let i = 0; i < learners.length; i += CONCURRENT_FLOWS) {
    await Promise.all(
      learners.slice(i, i + CONCURRENT_FLOWS).map(async (learner) => {
        for (const [name, input] of flow(learner)) await perform(name, input);
      }),
    );
  }
  const committed = performance.now();
  await runtime.idle(300_000);
  const settled = lastEffectAt - started;
  const moments = learners.length * 4;

  const all = Object.values(latencies).flat();
  console.log(`local runtime, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`);
  console.log(
    `throughput: ${moments} moments (${learners.length} learners x 4, ${CONCURRENT_FLOWS} at a time) in ${(settled / 1000).toFixed(2)} s` +
      ` = ${((moments / settled) * 1000).toFixed(1)} moments/s end to end (writes alone: ${((moments / (committed - started)) * 1000).toFixed(1)}/s)`,
  );
  console.log(
    `commit → last side effect, ${all.length} moments one at a time: p50 ${percentile(all, 50).toFixed(0)} ms, p99 ${percentile(all, 99).toFixed(0)} ms (p99/p50 ${(percentile(all, 99) / percentile(all, 50)).toFixed(2)})`,
  );
  for (const [name, values] of Object.entries(latencies)) {
    console.log(
      `  ${name.padEnd(16)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   p99 ${percentile(values, 99).toFixed(0).padStart(5)} ms`,
    );
  }
} finally {
  await runtime.stop();
  await rm(directory, { recursive: true, force: true });
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
