import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** Where `@eventcatalog/core` is installed, resolved through pnpm's symlinks. */
function eventCatalogCore(): string {
  const require = createRequire(import.meta.url);
  return dirname(realpathSync(require.resolve('@eventcatalog/core/package.json')));
}

/**
 * The environment EventCatalog's CLI runs in. It shells out to `cross-env`, `npx astro` and `npx pagefind`,
 * expecting npm's flat node_modules: its own dependencies' bins go first on PATH. Telemetry and update checks
 * are off, and any other outbound HTTPS request goes to a closed local port (the build needs no network).
 */
function eventCatalogEnv(core: string, project: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CATALOG_DIR: workingFolder(project, core),
    PATH: `${join(core, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
    ASTRO_TELEMETRY_DISABLED: '1',
    NO_UPDATE_NOTIFIER: '1',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    https_proxy: 'http://127.0.0.1:9',
  };
}

/**
 * EventCatalog copies its Astro app into a working folder (`CATALOG_DIR`, `<project>/.eventcatalog-core` by
 * default) and builds it there, resolving Astro, React and the rest as if they were hoisted beside it (npm's
 * layout). Under pnpm they are not: the folder goes beside core's own dependencies instead, in pnpm's virtual
 * store (`node_modules/.pnpm/<core>/node_modules/`), where every import of core's resolves as npm would have it,
 * and what those dependencies import in turn resolves from pnpm's hoisted folder one level up. One working
 * folder per project, so two projects never share one.
 */
function workingFolder(project: string, core: string): string {
  const name = createHash('sha256').update(resolve(project)).digest('hex').slice(0, 12);
  return resolve(core, '..', '..', `.sfe-eventcatalog-${name}`);
}

/** Runs one EventCatalog CLI command in `project`; rejects with its exit code and the output's tail. */
function runEventCatalog(project: string, args: readonly string[], timeoutMs: number): Promise<string> {
  const core = eventCatalogCore();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(core, 'bin', 'eventcatalog.js'), ...args], {
      cwd: project,
      env: eventCatalogEnv(core, project),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const timer = setTimeout(() => {
      killGroup(child);
      reject(
        new Error(`eventcatalog ${args.join(' ')} took over ${timeoutMs / 1000} s:\n${output.slice(-4000)}`),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`eventcatalog ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/**
 * Builds the EventCatalog project in `project` (written by `writeEventCatalog`) into `<project>/dist`, a static
 * site. Takes minutes: Astro bundles EventCatalog's whole app whatever the catalog's size.
 */
export async function buildEventCatalogSite(project: string, timeoutMs = 20 * 60_000): Promise<void> {
  const core = eventCatalogCore();
  // Astro mangles the ids of modules outside the project's tree (`../../../../work/...` joined onto the
  // project), and fails; inside the workspace, the dependencies are always below a common ancestor.
  const workspace = resolve(core, '..', '..', '..', '..', '..', '..');
  const inside = relative(workspace, resolve(project));
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`build the EventCatalog site inside the workspace (${workspace}), not in ${project}`);
  }
  await runEventCatalog(project, ['build'], timeoutMs);
  if (!existsSync(join(project, 'dist', 'index.html'))) {
    throw new Error(`EventCatalog's build wrote no ${join(project, 'dist', 'index.html')}`);
  }
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
  const core = eventCatalogCore();
  const child = spawn(
    process.execPath,
    [join(core, 'bin', 'eventcatalog.js'), 'preview', '--', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: project, env: eventCatalogEnv(core, project), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
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
          killGroup(child);
          await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(undefined)));
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
