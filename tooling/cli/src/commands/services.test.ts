import { DEFAULT_DELIVERY } from '@sfe/service-definition';
import { describe, expect, it } from 'vitest';
import { servicesCommand } from './services';

// Discovery imports every app's definition (and what it imports): allow for a busy machine.
const TIMEOUT = 120_000;

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await servicesCommand.run(args, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => '',
    cwd: process.cwd(),
  });
  return { code, out: out.join(''), err: err.join('') };
}

describe('pnpm sfe services', () => {
  it(
    'prints every service with each subscription, its delivery settings and the versions its rule receives',
    async () => {
      const { code, out, err } = await run(['--json']);
      expect({ code, err }).toStrictEqual({ code: 0, err: '' });
      const services = JSON.parse(out) as {
        name: string;
        subscriptions: { id: string; receives: unknown[]; delivery: unknown; awsEvents?: string }[];
        stream?: unknown;
      }[];
      expect(services.map((service) => service.name)).toStrictEqual([
        'certificate-service',
        'email-service',
        'notification-service',
        'platform-api',
        'reporting-service',
        'stream-processor',
        'video-pipeline',
      ]);
      const email = services.find((service) => service.name === 'email-service');
      expect(email?.subscriptions).toStrictEqual([
        {
          id: 'learner-emails',
          bus: 'platform',
          description: 'Welcome, receipt, congratulations and certificate-ready emails to learners',
          delivery: DEFAULT_DELIVERY,
          // Computed from the rule: CourseCompleted v1 and CertificateGenerated v1 are skipped on purpose.
          receives: [
            { type: 'CertificateGenerated', version: 2 },
            { type: 'CourseCompleted', version: 2 },
            { type: 'CoursePaymentComplete', version: 1 },
            { type: 'UserSignedUp', version: 1 },
          ],
        },
        {
          id: 'ses-feedback',
          bus: 'default',
          description:
            'SES bounces and complaints of our configuration set: permanent bounces and complaints suppress the address',
          delivery: DEFAULT_DELIVERY,
          receives: [],
          awsEvents: '["aws.ses"] ["Email Bounced","Email Complaint Received"]',
        },
      ]);
      const streamProcessor = services.find((service) => service.name === 'stream-processor');
      expect(streamProcessor?.stream).toStrictEqual({
        batchSize: 100,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 10,
        maximumRecordAgeSeconds: 43_200,
        functionTimeoutSeconds: 60,
      });
      const video = services.find((service) => service.name === 'video-pipeline');
      expect(video?.subscriptions[0]?.awsEvents).toBe('["aws.s3"] ["Object Created"]');
    },
    TIMEOUT,
  );

  it(
    'says the same as text, one block per service',
    async () => {
      const { code, out } = await run([]);
      expect(code).toBe(0);
      expect(out).toContain(
        [
          '  team-notifications  (platform bus)  Signups, payments, course completions and failed video processing posted to the team chat (Slack and/or Telegram)',
          '    receives: CourseCompleted v2; CoursePaymentComplete v1; UserSignedUp v1; VideoProcessingFailed v1',
          '    delivery: batch 5, no batching window, max concurrency 2, timeout 60 s, visibility 360 s, DLQ after 5 receives, kept 14 days',
        ].join('\n'),
      );
      expect(out).toContain(
        '  stream: platform table, batch 100, bisect on error, 10 retries, records expire after 43200 s, timeout 60 s',
      );
      expect(out).toContain(
        [
          '  api: Current state of platform items, for consumers of light (notification) events',
          '    GET /users/{userId}',
          '    GET /users/{userId}/enrolments/{courseId}',
          '    GET /users/{userId}/payments/{paymentId}',
        ].join('\n'),
      );
    },
    TIMEOUT,
  );
});
