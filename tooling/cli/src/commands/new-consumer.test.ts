import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CommandIo } from '../command';
import { createNewConsumerCommand, type ProcessRunner } from './new-consumer';
import {
  ConsumerSpecError,
  fillTemplate,
  parseConsumerSpec,
  renderConsumerApp,
  writeConsumerApp,
} from './new-consumer-generator';

function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => '',
    cwd,
  };
  return { io, out, err };
}

describe('parseConsumerSpec', () => {
  it('accepts a kebab-case name and known event types, dropping repeats', () => {
    expect(parseConsumerSpec('audit-trail', 'CourseCompleted, UserSignedUp,CourseCompleted')).toStrictEqual({
      name: 'audit-trail',
      events: ['CourseCompleted', 'UserSignedUp'],
    });
  });

  it('rejects a name that is not kebab-case', () => {
    expect(() => parseConsumerSpec('AuditTrail', 'CourseCompleted')).toThrow(/must be kebab-case/);
  });

  it('rejects a name too long for function names', () => {
    expect(() => parseConsumerSpec('a-very-long-service-name-indeed', 'CourseCompleted')).toThrow(
      /longer than 24/,
    );
  });

  it('names unknown event types and lists the known ones', () => {
    expect(() => parseConsumerSpec('audit', 'CourseCompleted,CourseFinished')).toThrow(
      /unknown event type\(s\): CourseFinished\. Known: .*UserSignedUp/,
    );
  });

  it('needs at least one event type', () => {
    expect(() => parseConsumerSpec('audit', ' , ')).toThrow(ConsumerSpecError);
  });
});

describe('fillTemplate', () => {
  it('replaces every token', () => {
    expect(fillTemplate('{{a}}-{{b}}-{{a}}', { a: 'x', b: 'y' })).toBe('x-y-x');
  });

  it('throws on a token without a value', () => {
    expect(() => fillTemplate('{{missing}}', {})).toThrow('template token {{missing}} has no value');
  });
});

describe('renderConsumerApp', () => {
  it('renders the complete app, with the name in file paths and no token left', async () => {
    const files = await renderConsumerApp(parseConsumerSpec('audit-trail', 'CourseCompleted,UserSignedUp'));
    expect([...files.keys()].sort()).toStrictEqual([
      'README.md',
      'cdk.json',
      'cdk/app.ts',
      'cdk/audit-trail-stack.test.ts',
      'cdk/audit-trail-stack.ts',
      'package.json',
      'src/aws-deps.ts',
      'src/conformance.test.ts',
      'src/domain/decide.test.ts',
      'src/domain/decide.ts',
      'src/env.test.ts',
      'src/env.ts',
      'src/handler.test.ts',
      'src/handler.ts',
      'src/local.test.ts',
      'src/local.ts',
      'src/service-name.ts',
      'src/service.ts',
      'src/subscription.ts',
      'src/use-cases/handle-event.ts',
      'tsconfig.json',
      'vitest.config.ts',
    ]);
    for (const content of files.values()) expect(content).not.toMatch(/\{\{\w+\}\}/);
    const manifest = JSON.parse(files.get('package.json') ?? '{}');
    expect(manifest.name).toBe('@sfe/audit-trail');
    // The export the local runtime discovers the app by: no list to edit elsewhere.
    expect(manifest.exports['./service']).toBe('./src/service.ts');
    expect(files.get('cdk/audit-trail-stack.ts')).toContain('export class AuditTrailStack extends Stack');
    expect(files.get('src/handler.ts')).toContain(
      'accepts: [EventType.CourseCompleted, EventType.UserSignedUp]',
    );
  });

  it('writes one subscription per event, with the raw EventBridge pattern keys', async () => {
    const files = await renderConsumerApp(parseConsumerSpec('audit-trail', 'UserSignedUp'));
    const subscription = files.get('src/subscription.ts') ?? '';
    expect(subscription).toContain("id: 'user-signed-up'");
    expect(subscription).toContain("'detail-type': [EventType.UserSignedUp]");
    expect(subscription).toContain(
      'export const subscriptions: readonly Subscription[] = [userSignedUpSubscription];',
    );
  });
});

describe('writeConsumerApp', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sfe-new-consumer-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes only inside apps/<name> and refuses to overwrite it', async () => {
    const spec = parseConsumerSpec('audit', 'UserSignedUp');
    const written = await writeConsumerApp(root, spec);
    expect(written.every((path) => path.startsWith('apps/audit/'))).toBe(true);
    expect(await readFile(join(root, 'apps/audit/src/service-name.ts'), 'utf8')).toContain("'audit'");
    await expect(writeConsumerApp(root, spec)).rejects.toThrow('apps/audit already exists');
  });
});

describe('pnpm sfe new consumer', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sfe-new-consumer-'));
    await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the app, installs, then formats it, from a subfolder of the repo', async () => {
    const calls: string[] = [];
    const runner: ProcessRunner = async (command, args, cwd) => {
      calls.push(`${cwd === root ? '<root>' : cwd}: ${command} ${args.join(' ')}`);
      return { code: 0, output: '' };
    };
    const subfolder = join(root, 'docs', 'notes');
    await mkdir(subfolder, { recursive: true });
    const { io, out } = captureIo(subfolder);
    const code = await runCli(
      [createNewConsumerCommand(runner)],
      ['new', 'consumer', 'audit', '--events', 'UserSignedUp'],
      io,
    );
    expect(code).toBe(0);
    expect(calls).toStrictEqual([
      '<root>: pnpm install --prefer-offline --no-frozen-lockfile --reporter=append-only',
      '<root>: pnpm exec biome check --write apps/audit',
    ]);
    expect(out.join('')).toContain('Created apps/audit (22 files)');
    expect(out.join('')).toContain('pnpm --filter @sfe/audit deploy -- -c stage=dev');
  });

  it('skips the install with --skip-install', async () => {
    const calls: string[] = [];
    const runner: ProcessRunner = async (command, args) => {
      calls.push(`${command} ${args.join(' ')}`);
      return { code: 0, output: '' };
    };
    const { io } = captureIo(root);
    await runCli(
      [createNewConsumerCommand(runner)],
      ['new', 'consumer', 'audit', '--events=UserSignedUp', '--skip-install'],
      io,
    );
    expect(calls).toStrictEqual(['pnpm exec biome check --write apps/audit']);
  });

  it('reports a failed install with its output and exit code', async () => {
    const runner: ProcessRunner = async () => ({ code: 3, output: 'ERR_PNPM_NO_OFFLINE_TARBALL' });
    const { io, err } = captureIo(root);
    const code = await runCli(
      [createNewConsumerCommand(runner)],
      ['new', 'consumer', 'audit', '--events', 'UserSignedUp'],
      io,
    );
    expect(code).toBe(3);
    expect(err.join('')).toContain('pnpm install failed (exit 3):\nERR_PNPM_NO_OFFLINE_TARBALL');
  });

  it('explains a missing --events and an unknown event type', async () => {
    const runner: ProcessRunner = async () => ({ code: 0, output: '' });
    const missing = captureIo(root);
    expect(await runCli([createNewConsumerCommand(runner)], ['new', 'consumer', 'audit'], missing.io)).toBe(
      2,
    );
    expect(missing.err.join('')).toContain('--events is required');
    const unknown = captureIo(root);
    expect(
      await runCli(
        [createNewConsumerCommand(runner)],
        ['new', 'consumer', 'audit', '--events', 'Nope'],
        unknown.io,
      ),
    ).toBe(2);
    expect(unknown.err.join('')).toContain('unknown event type(s): Nope');
  });
});
