// EventCatalog (`@eventcatalog/core`) builds and serves the generated catalog. It is installed on its own in
// `tooling/catalog/site/` (its own package.json, pnpm-workspace.yaml and lockfile, npm's flat layout), not in the
// sfe workspace: under pnpm's isolated layout its Astro app does not build (README.md, "EventCatalog").
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** EventCatalog's own project: package.json, pnpm-workspace.yaml, pnpm-lock.yaml; node_modules once installed. */
export const SITE_DIRECTORY = resolve(import.meta.dirname, '..', 'site');
/** The files whose content decides what `ensureEventCatalogInstalled` installs. */
const INSTALL_INPUTS = ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml'];
/** Written after a successful install: the hash of the install inputs it installed. */
const INSTALL_STAMP = join(SITE_DIRECTORY, 'node_modules', '.sfe-installed');
const EVENTCATALOG_BIN = join(
  SITE_DIRECTORY,
  'node_modules',
  '@eventcatalog',
  'core',
  'bin',
  'eventcatalog.js',
);

async function installInputsHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of INSTALL_INPUTS) hash.update(name).update(await readFile(join(SITE_DIRECTORY, name)));
  return hash.digest('hex');
}

/**
 * Installs EventCatalog into `tooling/catalog/site/node_modules` from its lockfile (`pnpm install
 * --frozen-lockfile` there: the versions are pinned, nothing is resolved), unless the installed copy is of the
 * current lockfile already. The workspace's own `pnpm install` does not install it; `pnpm catalog` and the site's
 * test call this first. About 1,600 packages: a minute or two, then nothing until the lockfile changes.
 */
export async function ensureEventCatalogInstalled(
  progress?: (chunk: string) => void,
  timeoutMs = 20 * 60_000,
): Promise<void> {
  const wanted = await installInputsHash();
  const installed = await readFile(INSTALL_STAMP, 'utf8').catch(() => undefined);
  if (installed === wanted && existsSync(EVENTCATALOG_BIN)) return;
  await run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only'], {
    cwd: SITE_DIRECTORY,
    env: process.env,
    timeoutMs,
    what: `pnpm install in ${SITE_DIRECTORY}`,
    progress,
  });
  if (!existsSync(EVENTCATALOG_BIN)) throw new Error(`pnpm install wrote no ${EVENTCATALOG_BIN}`);
  await writeFile(INSTALL_STAMP, wanted);
}

/**
 * EventCatalog copies its Astro app into a working folder (`CATALOG_DIR`, `<project>/.eventcatalog-core` by
 * default) and builds it there, resolving Astro, React and the rest from the folders above it. So the working
 * folder goes inside the site's project, where they are hoisted in `node_modules`; one per catalog project (by
 * the hash of its path), so two projects never share one.
 */
export function eventCatalogWorkingFolder(project: string): string {
  const name = createHash('sha256').update(resolve(project)).digest('hex').slice(0, 12);
  return join(SITE_DIRECTORY, '.eventcatalog-core', name);
}

/**
 * npm's global prefix while EventCatalog runs: its `bin/pagefind` runs the site's installed pagefind. `npx -y
 * pagefind` runs in the catalog project (outside the site), and npx looks for a bin only in `node_modules/.bin`
 * above that folder and in the global prefix's `bin`, never on PATH; finding none, it asks the registry, which
 * the build must not need (a fresh machine failed so; one with pagefind in its npx cache passed).
 */
const NPM_PREFIX = join(SITE_DIRECTORY, '.npm-prefix');
/** npm's cache while EventCatalog runs: empty and the site's own, so no build leans on what `~/.npm` holds. */
const NPM_CACHE = join(NPM_PREFIX, 'cache');

/** Writes `<NPM_PREFIX>/bin/pagefind`, a launcher of the site's installed pagefind (see {@link NPM_PREFIX}). */
async function preparePagefindLauncher(): Promise<void> {
  const launcher = join(NPM_PREFIX, 'bin', 'pagefind');
  const target = join(SITE_DIRECTORY, 'node_modules', '.bin', 'pagefind');
  await mkdir(dirname(launcher), { recursive: true });
  await writeFile(launcher, `#!/bin/sh\nexec '${target.replaceAll("'", "'\\''")}' "$@"\n`);
  await chmod(launcher, 0o755);
}

/**
 * The environment EventCatalog's CLI runs in. It shells out to `cross-env`, `npx astro` and `npx -y pagefind`:
 * the site's bins go first on PATH and npm's global prefix is {@link NPM_PREFIX}, so each is the installed,
 * pinned one. Telemetry (EventCatalog's build event, Astro's) and update checks are off, and any other outbound
 * HTTPS request goes to a closed local port: the build needs no network.
 */
function eventCatalogEnv(project: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PROJECT_DIR: resolve(project),
    CATALOG_DIR: eventCatalogWorkingFolder(project),
    PATH: `${join(SITE_DIRECTORY, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    npm_config_prefix: NPM_PREFIX,
    npm_config_cache: NPM_CACHE,
    ASTRO_TELEMETRY_DISABLED: '1',
    NO_UPDATE_NOTIFIER: '1',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    https_proxy: 'http://127.0.0.1:9',
  };
}

interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly what: string;
  /** Receives the command's output as it comes (`pnpm catalog` shows the build's progress). */
  readonly progress?: (chunk: string) => void;
}

/** Runs a command in its own process group; rejects with its exit code and the output's tail. */
function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      options.progress?.(chunk.toString());
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${options.what} took over ${options.timeoutMs / 1000} s:\n${output.slice(-4000)}`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${options.what} could not start: ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`${options.what} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/**
 * Builds the EventCatalog project in `project` (written by `writeEventCatalog`) into `<project>/dist`, a static
 * site, with the installed EventCatalog (call `ensureEventCatalogInstalled` first). Takes minutes: Astro bundles
 * EventCatalog's whole app whatever the catalog's size (3 minutes of CPU).
 */
export async function buildEventCatalogSite(
  project: string,
  progress?: (chunk: string) => void,
  timeoutMs = 30 * 60_000,
): Promise<void> {
  // EventCatalog creates the working folder itself, but not its parent.
  await mkdir(dirname(eventCatalogWorkingFolder(project)), { recursive: true });
  await preparePagefindLauncher();
  await run(process.execPath, [EVENTCATALOG_BIN, 'build'], {
    cwd: project,
    env: eventCatalogEnv(project),
    timeoutMs,
    what: `eventcatalog build of ${project}`,
    progress,
  });
  if (!existsSync(join(project, 'dist', 'index.html'))) {
    throw new Error(`EventCatalog's build wrote no ${join(project, 'dist', 'index.html')}`);
  }
}

/** Removes `project`'s working folder in the site's project (EventCatalog's copy of its app, and Astro's cache). */
export async function removeEventCatalogWorkingFolder(project: string): Promise<void> {
  await rm(eventCatalogWorkingFolder(project), { recursive: true, force: true });
}

/** A running `eventcatalog preview` (Astro's server for the built site). */
export interface ServedSite {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the built site in `project` with `eventcatalog preview` on 127.0.0.1:`port`; resolves once it answers. */
export async function serveEventCatalogSite(
  project: string,
  port: number,
  timeoutMs = 120_000,
): Promise<ServedSite> {
  const child = spawn(
    process.execPath,
    [EVENTCATALOG_BIN, 'preview', '--', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: project, env: eventCatalogEnv(project), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`eventcatalog preview exited with ${child.exitCode}:\n${output}`);
    const answered = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) {
      return {
        url,
        close: async () => {
          const exited = new Promise((done) =>
            child.exitCode === null ? child.once('exit', done) : done(undefined),
          );
          killGroup(child);
          await exited;
        },
      };
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  killGroup(child);
  throw new Error(`eventcatalog preview did not answer on ${url} within ${timeoutMs / 1000} s:\n${output}`);
}

/** EventCatalog runs Astro through a shell: end the whole process group, not just the CLI. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
