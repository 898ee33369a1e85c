import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore, QueueStore } from '@sfe/local-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../stage/test-support';
import { sesBounceCommand } from './ses-bounce';

let directory: string;
const sfe = (...argv: string[]) =>
  runCommand([sesBounceCommand], [...argv, '--data-dir', directory], directory);

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-cli-ses-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('pnpm sfe ses bounce', { timeout: 120_000 }, () => {
  it('refuses a missing or malformed address, and two kinds at once, with exit 2 and the usage', async () => {
    expect(await sfe('ses', 'bounce')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('missing <address>'),
    });
    expect(await sfe('ses', 'bounce', 'grace.example.com')).toStrictEqual({
      code: 2,
      stdout: '',
      stderr:
        '"grace.example.com" is not an email address (e.g. grace@example.com)\n' +
        'Usage: pnpm sfe ses bounce <address> [options]\nRun `pnpm sfe ses bounce --help` for more.\n',
    });
    expect(await sfe('ses', 'bounce', 'grace@example.com', '--complaint', '--transient')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--complaint and --transient'),
    });
  });

  it("queues SES's bounce for email-service's ses-feedback rule while the runtime is stopped", async () => {
    const result = await sfe('ses', 'bounce', 'Grace@Example.com');
    expect([result.code, result.stderr]).toStrictEqual([0, '']);
    expect(result.stdout).toMatch(
      /^SES Email Bounced \(permanent bounce\) of Grace@Example\.com on the default bus: event [0-9a-f-]{36}, rules email-service-ses-feedback\n\(the store in .* \(the runtime is not running: what is enqueued is delivered when it starts\)\)\n$/,
    );
    const complaint = await sfe('ses', 'bounce', 'ada@example.com', '--complaint');
    expect(complaint.stdout).toContain('SES Email Complaint Received (complaint) of ada@example.com');

    const store = await openLocalStore({ dataDirectory: directory });
    try {
      const queued = await new QueueStore(store.db).list('email-service-ses-feedback');
      const events = queued.map((message) => JSON.parse(message.body));
      expect(
        events.map((event) => [event.source, event['detail-type'], event.detail.mail.destination]),
      ).toStrictEqual([
        ['aws.ses', 'Email Bounced', ['Grace@Example.com']],
        ['aws.ses', 'Email Complaint Received', ['ada@example.com']],
      ]);
    } finally {
      await store.close();
    }
  });
});
