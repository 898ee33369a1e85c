import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CommandIo } from '../command';
import { createDevCommand } from './dev';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-cli-dev-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

/** `pnpm dev <argv>`, stopped as soon as it has started (as if Ctrl-C came at once). */
async function dev(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    readStdin: async () => '',
    cwd: directory,
  };
  const command = createDevCommand(async () => 'SIGINT');
  const code = await runCli([command], ['dev', ...argv], io);
  return { code, out, err };
}

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return { server, port: address.port };
}

// Starting the runtime opens a PGlite database (seconds on a loaded machine): explicit timeouts.
describe('pnpm dev', () => {
  it('prints its usage for --help and starts nothing', async () => {
    const { code, out } = await dev('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: pnpm sfe dev \[options\]\n/);
    expect(out).toContain('--port <port>');
  });

  it('starts the runtime on the given port and data directory, and stops on the signal', async () => {
    const { code, out, err } = await dev('--port', '0', '--data-dir', '.');
    expect({ code, err }).toStrictEqual({ code: 0, err: '' });
    expect(out).toMatch(
      new RegExp(`info +sfe local runtime on http://127\\.0\\.0\\.1:\\d+ {2}\\(state in ${directory}\\)`),
    );
    expect(out).toMatch(/info +console: http:\/\/127\.0\.0\.1:\d+\/console {2}\(/);
    expect(out).toContain('SIGINT: finishing the batches in hand, then stopping');
  }, 120_000);

  it('says in one line that the port is in use, and exits 1', async () => {
    const { server, port } = await listen();
    try {
      expect(await dev('--port', String(port), '--data-dir', directory)).toStrictEqual({
        code: 1,
        out: '',
        err: `port ${port} is in use: stop what holds it, or pick another (--port, SFE_PORT)\n`,
      });
    } finally {
      server.close();
    }
  }, 120_000);

  it('says in one line that another process holds the store, and exits 1', async () => {
    // The parent process (vitest's) is alive and is not this one: as a second `pnpm dev` would find it.
    const holder = { pid: process.ppid, url: 'http://127.0.0.1:4010', startedAt: '2026-12-05T04:00:00.000Z' };
    await writeFile(join(directory, 'store.lock'), JSON.stringify(holder));
    expect(await dev('--port', '0', '--data-dir', directory)).toStrictEqual({
      code: 1,
      out: '',
      err:
        `the local store in ${directory} is open in process ${process.ppid} (the runtime, answering at ` +
        'http://127.0.0.1:4010): PGlite allows one process at a time\n',
    });
  }, 60_000);

  it('refuses a port that is not one, with the usage (exit 2)', async () => {
    const { code, err } = await dev('--port', 'http');
    expect(code).toBe(2);
    expect(err).toMatch(/^--port "http" is not a port \(0-65535; 0 picks a free one\)\nUsage: pnpm sfe dev/);
  });
});
