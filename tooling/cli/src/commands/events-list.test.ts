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

// Computing the routes loads every app's rules: slow on a busy two-core machine.
describe('sfe events list', { timeout: 60_000 }, () => {
  it('prints every type and version with its domain, currency, sensitivity and schema path', async () => {
    const { streams, out, err } = io(repoRoot);
    expect(await runCli([eventsListCommand], ['events', 'list'], streams)).toBe(0);
    expect(err()).toBe('');
    expect(out()).toBe(
      [
        'TYPE                   VERSION  DOMAIN         CURRENT  SENSITIVE  PRODUCERS         CONSUMERS                                                                 JSON SCHEMA',
        'UserSignedUp           v1       user           yes      no         stream-processor  email-service,notification-service,reporting-service                      packages/events/schemas/UserSignedUp.v1.json',
        'AccountDeactivated     v1       user           yes      no         stream-processor  reporting-service                                                         packages/events/schemas/AccountDeactivated.v1.json',
        'CourseRegistered       v1       course         yes      no         stream-processor  -                                                                         packages/events/schemas/CourseRegistered.v1.json',
        'CourseCompleted        v1       course         no       no         stream-processor  certificate-service,reporting-service                                     packages/events/schemas/CourseCompleted.v1.json',
        'CourseCompleted        v2       course         yes      no         stream-processor  certificate-service,email-service,notification-service,reporting-service  packages/events/schemas/CourseCompleted.v2.json',
        'CoursePaymentComplete  v1       course         yes      no         stream-processor  email-service,notification-service                                        packages/events/schemas/CoursePaymentComplete.v1.json',
        'PaymentCompleted       v1       course         yes      no         stream-processor  reporting-service                                                         packages/events/schemas/PaymentCompleted.v1.json',
        'CertificateGenerated   v1       certificate    no       no         stream-processor  -                                                                         packages/events/schemas/CertificateGenerated.v1.json',
        'CertificateGenerated   v2       certificate    yes      no         stream-processor  email-service                                                             packages/events/schemas/CertificateGenerated.v2.json',
        'VideoPublished         v1       video          yes      no         stream-processor  -                                                                         packages/events/schemas/VideoPublished.v1.json',
        'VideoProcessingFailed  v1       video          yes      no         stream-processor  notification-service                                                      packages/events/schemas/VideoProcessingFailed.v1.json',
        'SupportTicketOpened    v1       supportTicket  yes      yes        stream-processor  -                                                                         packages/events/schemas/SupportTicketOpened.v1.json',
        '',
        "12 versions of 10 event types. Producers and consumers are computed from the code: a consumer is a rule whose pattern matches the version's example event (pnpm sfe catalog).",
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
      producers: ['stream-processor'],
      consumers: [
        { service: 'certificate-service', subscription: 'course-completed' },
        { service: 'email-service', subscription: 'learner-emails' },
        { service: 'notification-service', subscription: 'team-notifications' },
        { service: 'reporting-service', subscription: 'reported-events' },
      ],
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
