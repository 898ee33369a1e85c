// `pnpm bench`: how long the CLI's read commands (`report`, `dlq list`) take against a stopped runtime's store
// and against a running runtime, as a new process each time (what a person waits for) and inside this process
// once the modules are loaded (the command's own work). Targets (issue 18): < 1 s stopped, < 200 ms running.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, startLocalRuntime } from '@sfe/local-runtime';
import { runCli } from '../src/cli';
import { loadCommandsFor } from '../src/command-loader';

const ROUNDS = Number(process.argv[2] ?? 5);
const main = new URL('../src/main.ts', import.meta.url).pathname;
const tsx = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;
const COMMANDS = [['report'], ['dlq', 'list']] as const;

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Wall time of one command in a new process, as `pnpm sfe` runs it (tsx on main.ts). */
function runProcess(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(tsx, [main, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
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

async function measure(label: string, dataDirectory: string) {
  for (const command of COMMANDS) {
    const args = [...command, '--data-dir', dataDirectory];
    await runInProcess(args);
    const inProcess: number[] = [];
    const processes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      inProcess.push(await runInProcess(args));
      processes.push(await runProcess(args));
    }
    console.log(
      `  ${label.padEnd(9)} ${command.join(' ').padEnd(9)} new process ${median(processes).toFixed(0).padStart(5)} ms` +
        `   in process ${median(inProcess).toFixed(0).padStart(5)} ms`,
    );
  }
}

const bare: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now();
  await new Promise((resolve) => spawn(process.execPath, ['-e', '0']).on('exit', resolve));
  bare.push(performance.now() - started);
}
console.log(
  `read commands, ${new Date().toISOString()}, node ${process.version}, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}; medians of ${ROUNDS} rounds; a bare \`node -e 0\` takes ${median(bare).toFixed(0)} ms`,
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
  await measure('stopped', directory);

  const running = await startLocalRuntime({
    dataDirectory: directory,
    port: 0,
    settings: { FFMPEG_PATH: 'none' },
  });
  try {
    await measure('running', directory);
  } finally {
    await running.stop();
  }
} finally {
  await rm(directory, { recursive: true, force: true });
}
