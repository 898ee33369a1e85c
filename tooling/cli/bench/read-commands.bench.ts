// `pnpm bench`: how long the CLI's read commands (`report`, `dlq list`) take against a stopped runtime's store
// (answered from its read projection, and from the store itself when there is none) and against a running runtime: as a new process each time (what a person waits for), through `pnpm sfe`, the
// direct path without pnpm (`./sfe`, i.e. `node tooling/cli/bin/sfe.cjs`: the bundled read commands), and as
// before the bundle (`node --import tsx src/main.ts`); and inside this process once the modules are loaded (the
// command's own work). Targets (issue 18): < 1 s stopped, < 200 ms running (a runtime that is up: timed once the
// runtime started in this process has settled, see `settle`).
//
// Wall times swing with the machine's load (other builds share its 2 cores), so each new process's CPU time
// (user + system, its children included) is printed beside its wall time: on a loaded machine a process gets a
// fraction of a core, and CPU is the figure to compare across runs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, READ_PROJECTION_FILE, startLocalRuntime } from '@sfe/local-runtime';
import { runCli } from '../src/cli';
import { loadCommandsFor } from '../src/command-loader';

const ROUNDS = Number(process.argv[2] ?? 5);
const PACKAGE_DIRECTORY = new URL('..', import.meta.url).pathname;
const WORKSPACE_ROOT = join(PACKAGE_DIRECTORY, '..', '..');
const COMMANDS = [['report'], ['dlq', 'list']] as const;

/** The ways a person starts a command, each a new process. */
const WAYS = {
  'pnpm sfe': ['pnpm', ['--silent', 'sfe']],
  './sfe': [process.execPath, [join(PACKAGE_DIRECTORY, 'bin', 'sfe.cjs')]],
  'tsx main.ts': [process.execPath, ['--import', 'tsx', join(PACKAGE_DIRECTORY, 'src', 'main.ts')]],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * CPU seconds of this process's waited-for children (and theirs), from /proc (Linux; elsewhere NaN):
 * `cutime` + `cstime`, in clock ticks of 10 ms.
 */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Wall and CPU time of one command in a new process. */
function runProcess(
  [command, prefix]: readonly [string, readonly string[]],
  args: readonly string[],
): Promise<{ wall: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const child = spawn(command, [...prefix, ...args], {
      cwd: WORKSPACE_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve({ wall: performance.now() - started, cpu: childrenCpuMs() - cpuBefore })
        : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });
}

/** Wall time of the same command in this process, its modules already loaded. */
async function runInProcess(args: readonly string[]): Promise<number> {
  const commands = await loadCommandsFor(args);
  const started = performance.now();
  const code = await runCli(commands, args, {
    stdout: () => {},
    stderr: (s) => process.stderr.write(s),
    readStdin: async () => '',
    cwd: process.cwd(),
    isTerminal: false,
  });
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}`);
  return performance.now() - started;
}

/**
 * Runs each command every way, `ROUNDS` times; `beforeEach` runs before each run (e.g. removing the read
 * projection, so that the command reads the store).
 */
async function measure(
  label: string,
  dataDirectory: string,
  beforeEach: () => Promise<void> = async () => {},
) {
  for (const command of COMMANDS) {
    const args = [...command, '--data-dir', dataDirectory];
    await beforeEach();
    await runInProcess(args);
    // The bundle is built (or found current) once before timing: its first run after a change builds it.
    await beforeEach();
    await runProcess(WAYS['./sfe'], args);
    const inProcess: number[] = [];
    const processes = new Map(
      Object.keys(WAYS).map((way) => [way, { wall: [] as number[], cpu: [] as number[] }]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      await beforeEach();
      inProcess.push(await runInProcess(args));
      for (const [way, run] of Object.entries(WAYS)) {
        await beforeEach();
        const { wall, cpu } = await runProcess(run, args);
        processes.get(way)?.wall.push(wall);
        processes.get(way)?.cpu.push(cpu);
      }
    }
    const ways = [...processes].map(
      ([way, { wall, cpu }]) =>
        `${way} ${median(wall).toFixed(0).padStart(5)} ms (CPU ${median(cpu).toFixed(0).padStart(4)} ms)`,
    );
    console.log(
      `  ${label.padEnd(16)} ${command.join(' ').padEnd(8)} ${ways.join('   ')}   in process ${median(inProcess).toFixed(0).padStart(4)} ms`,
    );
  }
}

/**
 * Waits until this process (the runtime just started in it) uses under 5% of a core over a second, at most 30 s;
 * returns how long that took. A runtime just started is busy for several seconds (V8 optimising PostgreSQL's
 * WebAssembly and the handlers' first runs) on the same two cores, so a command timed then measures the start,
 * not what a person sees from a runtime that is up (`pnpm dev` in another terminal).
 */
async function settle(): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { user, system } = process.cpuUsage(before);
    if ((user + system) / 1000 < 50 || performance.now() - started > 30_000)
      return performance.now() - started;
  }
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const bare = { wall: [] as number[], cpu: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  const { wall, cpu } = await runProcess([process.execPath, ['-e', '0']], []);
  bare.wall.push(wall);
  bare.cpu.push(cpu);
}
console.log(
  `read commands, ${new Date().toISOString()}, node ${process.version}, load average ${load()}; medians of ${ROUNDS} ` +
    `rounds; a bare \`node -e 0\` takes ${median(bare.wall).toFixed(0)} ms (CPU ${median(bare.cpu).toFixed(0)} ms)`,
);

const directory = await mkdtemp(join(tmpdir(), 'sfe-read-bench-'));
try {
  // A store with a day of reports and one flow's events, then stopped.
  const seeding = await createRuntime({ dataDirectory: directory, settings: { FFMPEG_PATH: 'none' } });
  seeding.start();
  await seeding.moments.signUp({ userId: 'ada', email: 'ada@example.com', name: 'Ada Lovelace' });
  await seeding.moments.enrol({
    userId: 'ada',
    courseId: 'eda-101',
    courseTitle: 'Event-driven architecture',
  });
  await seeding.moments.pay({ userId: 'ada', courseId: 'eda-101', amount: 4999 });
  await seeding.idle(120_000);
  await seeding.stop();
  // A clean stop leaves the read projection: the read commands answer from it without starting PostgreSQL.
  await measure('stopped', directory);
  // Without it (a store left by a SIGKILL, or opened since by anything else) they read the store, and closing
  // it writes the projection again: removed before each run.
  await measure('stopped, store', directory, () =>
    rm(join(directory, READ_PROJECTION_FILE), { force: true }),
  );

  const running = await startLocalRuntime({
    dataDirectory: directory,
    port: 0,
    settings: { FFMPEG_PATH: 'none' },
  });
  try {
    const settled = await settle();
    console.log(`  (the runtime settled ${(settled / 1000).toFixed(1)} s after its start)`);
    await measure('running', directory);
  } finally {
    await running.stop();
  }
  console.log(`load average at the end ${load()}`);
} finally {
  await rm(directory, { recursive: true, force: true });
}
