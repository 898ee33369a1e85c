import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, EventType, toPutEventsEntry } from '@sfe/events';
import { LocalEventBus, openLocalStore, QueueStore } from '@sfe/local-runtime';
import { deadLetter } from '@sfe/local-runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../stage/test-support';
import { dlqListCommand } from './dlq-list';
import { dlqRedriveCommand } from './dlq-redrive';
import { replayCommand } from './replay';
import { scenarioCommand } from './scenario';

const commands = [dlqListCommand, dlqRedriveCommand, replayCommand, scenarioCommand];
let directory: string;

const sfe = (...argv: string[]) => runCommand(commands, [...argv, '--data-dir', directory], directory);

// A stopped runtime's store: one dead letter (with its error) and one archived UserSignedUp.
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-cli-dlq-'));
  const store = await openLocalStore({ dataDirectory: directory });
  const queues = new QueueStore(store.db);
  await deadLetter(
    queues,
    'email-service-learner-emails',
    ['{"detail-type":"UserSignedUp","detail":{"metadata":{"id":"e-1"}}}'],
    'Error: SES said no',
  );
  const event = createEvent(
    EventType.UserSignedUp,
    { userId: 'u-1', email: 'u-1@example.com', name: 'Ada', signedUpAt: '2026-11-23T10:00:00.000Z' },
    { source: 'sfe-test' },
  );
  await new LocalEventBus({
    db: store.db,
    queues,
    rules: [],
    now: () => new Date('2026-11-23T10:00:00Z'),
  }).putEvents([toPutEventsEntry(event, 'platform')]);
  await store.close();
}, 120_000);
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('dlq and replay commands on a stopped runtime (the store opened directly)', {
  timeout: 60_000,
}, () => {
  it('lists dead letters with their error, redrives them, and then finds none', async () => {
    const listed = await sfe('dlq', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(
      'email-service-learner-emails-dlq: 1 message   redrive: pnpm sfe dlq redrive email-service-learner-emails-dlq',
    );
    expect(listed.stdout).toContain('error: Error: SES said no');
    expect(listed.stdout).toContain('body:  UserSignedUp e-1');

    const redriven = await sfe('dlq', 'redrive', 'email-service-learner-emails');
    expect(redriven.stdout).toMatch(
      /^Redrove 1 message from email-service-learner-emails-dlq \(the store in .* \(the runtime is not running/,
    );
    expect((await sfe('dlq', 'list')).stdout).toMatch(/^No dead letters/);
  });

  it('replays archived events of a time range to the rules that match them', async () => {
    const replayed = await sfe('replay', '--from', '2026-11-23T09:00:00Z', '--to', '2026-11-23T11:00:00Z');
    expect([replayed.code, replayed.stderr]).toStrictEqual([0, '']);
    expect(replayed.stdout).toMatch(/^Replay replay-\d{14}: 1 event sent again/);
    const outside = await sfe('replay', '--from', '2026-11-22T09:00:00Z', '--to', '2026-11-22T11:00:00Z');
    expect(outside.stdout).toMatch(/: 0 events sent again/);
  });

  it('refuses bad arguments with the usage', async () => {
    expect(await sfe('replay', '--from', 'yesterday', '--to', '2026-11-23T11:00:00Z')).toStrictEqual({
      code: 2,
      stdout: '',
      stderr:
        '--from "yesterday" is not a time (use ISO 8601)\nUsage: pnpm sfe replay --from <time> --to <time> [options]\n' +
        'Run `pnpm sfe replay --help` for more.\n',
    });
    expect(
      (await sfe('replay', '--from', '2026-11-23T11:00:00Z', '--to', '2026-11-23T10:00:00Z')).stderr,
    ).toContain('--from must be before --to');
    expect((await sfe('replay', '--to', '2026-11-23T10:00:00Z')).stderr).toContain('--from is required');
    expect(await sfe('dlq', 'redrive')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('missing <queue>'),
    });
    expect(await sfe('scenario', '--fast')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown option '--fast'"),
    });
  });
});
