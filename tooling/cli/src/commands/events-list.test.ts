import { dirname, relative } from 'node:path';
import { EVENT_DEFINITIONS, eventSchemasDirectory } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CommandIo } from '../command';
import { eventsListCommand } from './events-list';

// The repo root: packages/events/schemas/ is two levels below it.
const repoRoot = dirname(dirname(dirname(eventSchemasDirectory())));

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const streams: CommandIo = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readStdin: async () => '',
    cwd,
  };
  return { streams, out: () => out.join(''), err: () => err.join('') };
}

describe('sfe events list', () => {
  it('prints every type and version with its domain, currency, sensitivity and schema path', async () => {
    const { streams, out, err } = io(repoRoot);
    expect(await runCli([eventsListCommand], ['events', 'list'], streams)).toBe(0);
    expect(err()).toBe('');
    expect(out()).toBe(
      [
        'TYPE                   VERSION  DOMAIN         CURRENT  SENSITIVE  JSON SCHEMA',
        'UserSignedUp           v1       user           yes      no         packages/events/schemas/UserSignedUp.v1.json',
        'AccountDeactivated     v1       user           yes      no         packages/events/schemas/AccountDeactivated.v1.json',
        'CourseRegistered       v1       course         yes      no         packages/events/schemas/CourseRegistered.v1.json',
        'CourseCompleted        v1       course         no       no         packages/events/schemas/CourseCompleted.v1.json',
        'CourseCompleted        v2       course         yes      no         packages/events/schemas/CourseCompleted.v2.json',
        'CoursePaymentComplete  v1       course         yes      no         packages/events/schemas/CoursePaymentComplete.v1.json',
        'CertificateGenerated   v1       certificate    yes      no         packages/events/schemas/CertificateGenerated.v1.json',
        'VideoPublished         v1       video          yes      no         packages/events/schemas/VideoPublished.v1.json',
        'VideoProcessingFailed  v1       video          yes      no         packages/events/schemas/VideoProcessingFailed.v1.json',
        'SupportTicketOpened    v1       supportTicket  yes      yes        packages/events/schemas/SupportTicketOpened.v1.json',
        '',
        '10 versions of 9 event types. Producers publish the current version; consumers accept every version listed.',
        'Sensitive types always travel by claim check.',
        '',
      ].join('\n'),
    );
  });

  it('prints schema paths relative to where it was run', async () => {
    const { streams, out } = io(`${repoRoot}/apps`);
    await runCli([eventsListCommand], ['events', 'list'], streams);
    expect(out()).toContain(' ../packages/events/schemas/UserSignedUp.v1.json\n');
  });

  it('prints JSON with --json', async () => {
    const { streams, out } = io(repoRoot);
    expect(await runCli([eventsListCommand], ['events', 'list', '--json'], streams)).toBe(0);
    const rows = JSON.parse(out()) as {
      type: string;
      version: number;
      schema: string;
      schemaExists: boolean;
    }[];
    expect(rows.map((r) => `${r.type}.v${r.version}`)).toStrictEqual(
      EVENT_DEFINITIONS.map((d) => `${d.type}.v${d.version}`),
    );
    expect(rows[4]).toStrictEqual({
      type: 'CourseCompleted',
      version: 2,
      domain: 'course',
      current: true,
      sensitive: false,
      schema: relative(repoRoot, `${eventSchemasDirectory()}CourseCompleted.v2.json`),
      schemaExists: true,
      description:
        'A learner finished a course: emitted once, when the enrolment first gets a completion time.',
    });
  });

  it('refuses unknown arguments', async () => {
    const { streams, err } = io(repoRoot);
    expect(await runCli([eventsListCommand], ['events', 'list', '--yaml'], streams)).toBe(2);
    expect(err()).toBe(
      "unknown option '--yaml'\nUsage: pnpm sfe events list [options]\nRun `pnpm sfe events list --help` for more.\n",
    );
  });
});
