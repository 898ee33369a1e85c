import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedRuntime, silentObserver, startLocalRuntime } from '@sfe/local-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../stage/test-support';
import { sesBounceCommand } from './ses-bounce';

/**
 * Through the running local runtime, as a person would: `pnpm sfe ses bounce` puts SES's event on the default
 * bus, email-service's ses-feedback rule takes it and suppresses the address; a sign-up afterwards sends that
 * learner nothing (the SES stand-in's outbox shows no email) and says so in functions.log without the address.
 */
let directory: string;
let started: StartedRuntime;
const sfe = (...argv: string[]) =>
  runCommand([sesBounceCommand], [...argv, '--data-dir', directory], directory);

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-cli-ses-e2e-'));
  started = await startLocalRuntime({
    port: 0,
    // On files, as `pnpm dev` runs: the store's lock file advertises the runtime's URL, which the CLI finds.
    dataDirectory: directory,
    pollIntervalMs: 20,
    observer: silentObserver,
  });
}, 120_000);
afterAll(async () => {
  await started?.stop();
  await rm(directory, { recursive: true, force: true });
}, 60_000);

/** The `To:` address of every email in the local SES stand-in's outbox. */
async function outboxRecipients(): Promise<string[]> {
  const outbox = join(directory, 'outbox', 'email');
  const names = await readdir(outbox).catch(() => []);
  const recipients = await Promise.all(
    names.map(async (name) => /^To: (.*)$/m.exec(await readFile(join(outbox, name), 'utf8'))?.[1] ?? ''),
  );
  return recipients.sort();
}

describe('a bounce simulated with pnpm sfe ses bounce, in the running local runtime', {
  timeout: 180_000,
}, () => {
  it('suppresses the address: a later sign-up sends it no email, and the skip is logged without it', async () => {
    const bounced = await sfe('ses', 'bounce', 'grace.hopper@example.com');
    expect([bounced.code, bounced.stderr]).toStrictEqual([0, '']);
    expect(bounced.stdout).toMatch(/rules email-service-ses-feedback\n/);
    expect(bounced.stdout).toMatch(
      /\nemail-service: grace\.hopper@example\.com is suppressed \(bounce since \d{4}-\d\d-\d\dT[\d:.]+Z\): no email goes to it\n$/,
    );
    const soft = await sfe('ses', 'bounce', 'alan.turing@example.com', '--transient');
    expect(soft.stdout).toMatch(
      /\nemail-service: alan\.turing@example\.com is not suppressed \(a transient bounce suppresses nothing\)\n$/,
    );

    // Signed up with capitals: the suppression list is keyed lower-cased.
    await started.runtime.moments.signUp({ email: 'Grace.Hopper@example.com', name: 'Grace Hopper' });
    await started.runtime.moments.signUp({ email: 'alan.turing@example.com', name: 'Alan Turing' });
    await started.runtime.idle(60_000);

    expect(await outboxRecipients()).toStrictEqual(['Alan Turing <alan.turing@example.com>']);
    const log = await readFile(join(directory, 'logs', 'functions.log'), 'utf8');
    const skipped = log
      .split('\n')
      .filter((line) => line.includes('Not sent: the address is suppressed'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(
      skipped.map(({ service, emailKind, reason, address }) => ({ service, emailKind, reason, address })),
    ).toStrictEqual([
      {
        service: 'email-service',
        emailKind: 'welcome',
        reason: 'bounce',
        address: expect.stringMatching(/^sha256:[0-9a-f]{16}$/),
      },
    ]);
    expect(log.toLowerCase()).not.toContain('grace.hopper@example.com');
    expect(log).toContain('SuppressedEmailsSkipped');
  });
});
