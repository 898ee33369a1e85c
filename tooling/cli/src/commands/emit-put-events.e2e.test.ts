import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type EventBridgeEvent,
  type StartedRuntime,
  silentObserver,
  startLocalRuntime,
} from '@sfe/local-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { emitCommand } from './emit';
import { findRepoRoot } from './new-consumer';

/**
 * Debian's AWS CLI v2 (`apt-get install awscli`; .ci/run installs it). Deliberately not the `aws` first on PATH,
 * which may be an old v1. Missing, the test fails: it must not be skipped in CI.
 */
const AWS_CLI = '/usr/bin/aws';
const FIXTURES = join(findRepoRoot(import.meta.dirname), 'apps/stream-processor/fixtures');
const run = promisify(execFile);

let directory: string;
let started: StartedRuntime;
const routed: { bus: string; event: EventBridgeEvent; queues: string[] }[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sfe-cli-put-events-'));
  started = await startLocalRuntime({
    port: 0,
    dataDirectory: directory,
    inMemory: true,
    observer: {
      ...silentObserver,
      routed: (bus, event, rules) => routed.push({ bus, event, queues: rules.map((rule) => rule.queue) }),
    },
  });
}, 120_000);

afterAll(async () => {
  await started?.stop();
  await rm(directory, { recursive: true, force: true });
}, 60_000);

/** What `pnpm sfe emit < fixture` prints. */
async function emitted(fixture: string): Promise<string> {
  let out = '';
  const stdin = await readFile(join(FIXTURES, fixture), 'utf8');
  const code = await runCli([emitCommand], ['emit'], {
    stdout: (s) => {
      out += s;
    },
    stderr: () => {},
    readStdin: async () => stdin,
    cwd: directory,
  });
  expect(code).toBe(0);
  return out;
}

/** `aws events put-events --endpoint-url <runtime> --entries file://<file>`, with throwaway credentials. */
async function putEvents(entriesText: string): Promise<{ FailedEntryCount: number; Entries: unknown[] }> {
  const file = join(directory, `entries-${Date.now()}.json`);
  await writeFile(file, entriesText);
  const { stdout } = await run(
    AWS_CLI,
    [
      'events',
      'put-events',
      '--endpoint-url',
      started.url,
      '--entries',
      `file://${file}`,
      '--output',
      'json',
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: directory,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(directory, 'no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(directory, 'no-aws-credentials'),
        AWS_PAGER: '',
      },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout) as { FailedEntryCount: number; Entries: unknown[] };
}

/** Events routed on the local bus among those of `entries` (consumers publish events of their own meanwhile). */
function routedOf(entries: readonly { Detail: string }[]) {
  const ids = entries.map((entry) => (JSON.parse(entry.Detail) as { metadata: { id: string } }).metadata.id);
  return routed
    .filter(({ event }) => ids.includes((event.detail as { metadata: { id: string } }).metadata.id))
    .map(({ bus, event, queues }) => ({ bus, type: event['detail-type'], queues }));
}

/** The queues of the rules that match an event now: where it must have been delivered. */
function matchingQueues(type: string): string[] {
  const event = routed.find(({ event }) => event['detail-type'] === type)?.event;
  return event ? started.runtime.bus.match('platform', event).map((rule) => rule.queue) : [];
}

describe('the entries `pnpm sfe emit` prints, sent with the AWS CLI to the local endpoint', () => {
  it('are accepted on sfe-dev-bus and delivered to the queues of the rules that match', async () => {
    const text = await emitted('course-completed.json');
    const entries = JSON.parse(text) as { EventBusName: string; DetailType: string; Detail: string }[];
    expect(entries.map((entry) => [entry.EventBusName, entry.DetailType])).toStrictEqual([
      ['sfe-dev-bus', 'CourseCompleted'],
      ['sfe-dev-bus', 'CourseCompleted'],
    ]);

    const response = await putEvents(text);

    expect(response.FailedEntryCount).toBe(0);
    expect(response.Entries).toHaveLength(2);
    const delivered = routedOf(entries);
    expect(delivered.map(({ bus, type }) => [bus, type])).toStrictEqual([
      ['platform', 'CourseCompleted'],
      ['platform', 'CourseCompleted'],
    ]);
    expect(delivered[0]?.queues).toContain('certificate-service-course-completed');
    expect(delivered[0]?.queues).toStrictEqual(matchingQueues('CourseCompleted'));
  }, 120_000);

  it("are accepted with the bus's ARN instead of its name", async () => {
    const entries = (
      JSON.parse(await emitted('user-signed-up.json')) as { EventBusName: string; Detail: string }[]
    ).map((entry) => ({
      ...entry,
      EventBusName: `arn:aws:events:us-east-1:123456789012:event-bus/${entry.EventBusName}`,
    }));

    const response = await putEvents(JSON.stringify(entries));

    expect(response.FailedEntryCount).toBe(0);
    const delivered = routedOf(entries);
    expect(delivered.map(({ bus, type }) => [bus, type])).toStrictEqual([['platform', 'UserSignedUp']]);
    expect(delivered[0]?.queues.length).toBeGreaterThan(0);
  }, 120_000);

  it("rejects another stage's bus entry by entry, as AWS does", async () => {
    const text = await emitted('user-signed-up.json');
    const response = await putEvents(text.replaceAll('sfe-dev-bus', 'sfe-prod-bus'));
    expect(response).toStrictEqual({
      FailedEntryCount: 1,
      Entries: [
        { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus sfe-prod-bus does not exist.' },
      ],
    });
  }, 120_000);
});
