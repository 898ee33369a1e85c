import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventSchemasDirectory } from '@sfe/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CommandIo } from '../command';
import { catalogCommand } from './catalog';
import { eventsCompatCommand } from './events-compat';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sfe-catalog-cli-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readStdin: async () => '',
    cwd,
  };
  const code = await runCli([catalogCommand, eventsCompatCommand], args, io);
  return { code, out: out.join(''), err: err.join('') };
}

// Computing the routes loads every app's rules: slow on a busy two-core machine.
describe('sfe catalog', { timeout: 60_000 }, () => {
  it('writes routes.json and one AsyncAPI document per service into --out, relative to where it ran', async () => {
    const { code, out } = await run(['catalog', '--out', 'site']);
    expect(code).toBe(0);
    expect(out).toContain(`to ${join(cwd, 'site')}\n`);
    const routes = JSON.parse(await readFile(join(cwd, 'site', 'routes.json'), 'utf8')) as { type: string }[];
    expect(routes.some((r) => r.type === 'CourseCompleted')).toBe(true);
    expect(await readdir(join(cwd, 'site', 'asyncapi'))).toContain('certificate-service.yaml');
  });

  it('prints the routing warnings', async () => {
    const { out } = await run(['catalog', '--out', 'site']);
    expect(out).toMatch(/^warning: .+: no rule matches it$/m);
  });

  it('asks where to write without --out', async () => {
    const { code, err } = await run(['catalog']);
    expect(code).toBe(2);
    expect(err).toContain('--out is required\nUsage: pnpm sfe catalog --out <dir>');
  });
});

describe('sfe events compat', { timeout: 60_000 }, () => {
  it('exits 0 against the committed schemas (the default baseline)', async () => {
    const { code, out } = await run(['events', 'compat']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+ versions checked: no breaking change\.\n$/);
  });

  it('exits 1 naming the field, the rule and every consumer when a released version lost a required field', async () => {
    const baseline = join(cwd, 'baseline');
    await mkdir(baseline);
    for (const name of await readdir(eventSchemasDirectory())) {
      const schema = JSON.parse(await readFile(join(eventSchemasDirectory(), name), 'utf8'));
      if (name === 'UserSignedUp.v1.json') {
        schema.properties.data.properties.referrer = { type: 'string' };
        schema.properties.data.required.push('referrer');
      }
      await writeFile(join(baseline, name), JSON.stringify(schema));
    }
    const { code, err } = await run(['events', 'compat', '--baseline', 'baseline']);
    expect(code).toBe(1);
    expect(err).toContain(
      'BREAKING UserSignedUp v1\n  data.referrer: field-removed (required field removed)\n',
    );
    expect(err).toMatch(/^ {2}consumers: .*email-service\/learner-emails/m);
    expect(err).toMatch(/^ {2}consumers: .*reporting-service\/reported-events/m);
  });

  it('says which baseline it cannot read', async () => {
    const { code, err } = await run(['events', 'compat', '--baseline', 'nowhere']);
    expect(code).toBe(1);
    expect(err).toContain(`cannot read the baseline schemas in ${join(cwd, 'nowhere')}`);
  });
});
