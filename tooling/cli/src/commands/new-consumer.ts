import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Command, defineCommand, UsageError } from '../command';
import { ConsumerSpecError, parseConsumerSpec, writeConsumerApp } from './new-consumer-generator';

/** Runs a program in a directory, streaming nothing; resolves with its exit code and output. */
export type ProcessRunner = (
  command: string,
  args: readonly string[],
  cwd: string,
) => Promise<{ code: number; output: string }>;

/** Runs a program and collects its stdout and stderr together. */
export const runProcess: ProcessRunner = (command, args, cwd) =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(command, [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });

/** The workspace root: the nearest directory up from `start` holding `pnpm-workspace.yaml`. */
export function findRepoRoot(start: string): string {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new UsageError(`no pnpm-workspace.yaml above ${start}: run inside the sfe repository`);
    dir = parent;
  }
  return dir;
}

/**
 * `pnpm sfe new consumer <name> --events A,B`: creates `apps/<name>/`, a complete consumer app (subscription
 * per event, domain function, handler on the consumer toolkit, local handlers, CDK stack from EventConsumer,
 * README, passing tests), formats it with Biome, then runs `pnpm install` so the workspace links it (the
 * lockfile is the only file changed outside the new folder).
 */
export function createNewConsumerCommand(run: ProcessRunner = runProcess): Command {
  return defineCommand({
    path: ['new', 'consumer'],
    summary: 'Creates apps/<name>: a consumer of the given events with its stack, local handlers and tests.',
    args: [
      { name: 'name', description: 'the new app, kebab-case (also its package @sfe/<name>)', required: true },
    ],
    options: {
      events: {
        type: 'string',
        value: '<Type,Type...>',
        required: true,
        description: 'the event types it consumes (see pnpm sfe events list)',
      },
      'skip-install': { type: 'boolean', description: 'do not run pnpm install to link the new package' },
    },
    examples: ['pnpm sfe new consumer audit-trail --events CourseCompleted,UserSignedUp'],
    async run({ args, options: { events, 'skip-install': skipInstall } }, io) {
      const options = { name: args.name, events, install: !skipInstall };
      let spec: ReturnType<typeof parseConsumerSpec>;
      const root = findRepoRoot(io.cwd);
      try {
        spec = parseConsumerSpec(options.name, options.events);
        const written = await writeConsumerApp(root, spec);
        io.stdout(
          `Created apps/${spec.name} (${written.length} files):\n${written.map((p) => `  ${p}`).join('\n')}\n`,
        );
      } catch (error) {
        if (error instanceof ConsumerSpecError) throw new UsageError(error.message);
        throw error;
      }
      if (options.install) {
        io.stdout(
          'Running pnpm install to link the new package (only pnpm-lock.yaml changes outside it)...\n',
        );
        const installed = await run(
          'pnpm',
          ['install', '--prefer-offline', '--no-frozen-lockfile', '--reporter=append-only'],
          root,
        );
        if (installed.code !== 0) {
          io.stderr(`pnpm install failed (exit ${installed.code}):\n${installed.output}\n`);
          return installed.code;
        }
      }
      // Templates cannot know the final line widths (names vary): let the repo's formatter settle them.
      const formatted = await run('pnpm', ['exec', 'biome', 'check', '--write', `apps/${spec.name}`], root);
      if (formatted.code !== 0) {
        io.stderr(
          `biome could not format apps/${spec.name} (exit ${formatted.code}):\n${formatted.output}\n`,
        );
        return formatted.code;
      }
      io.stdout(
        [
          'Next:',
          `  pnpm --filter @sfe/${spec.name} test`,
          `  pnpm --filter @sfe/${spec.name} synth`,
          `  pnpm --filter @sfe/${spec.name} deploy -- -c stage=dev`,
          `  pnpm dev                       # runs it locally at once: found by its ./service export`,
          '',
        ].join('\n'),
      );
      return 0;
    },
  });
}

export const newConsumerCommand: Command = createNewConsumerCommand();
