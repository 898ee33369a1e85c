import { defineService } from '@sfe/service-definition';
import { discoverServices } from '@sfe/service-definition/discovery';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeServices } from './banner';
import { planServices } from './services';

const pattern = { 'detail-type': ['UserSignedUp'] };
const noLocal = defineService({
  name: 'sms-service',
  description: 'texts',
  subscriptions: [{ id: 'texts', bus: 'platform', pattern, description: 'texts' }],
  config: z.object({}),
});
const withLocal = defineService({
  name: 'fax-service',
  description: 'faxes',
  subscriptions: [
    {
      id: 'faxes',
      bus: 'platform',
      pattern,
      description: 'faxes',
      delivery: { batchSize: 3, maxConcurrency: 2 },
    },
  ],
  config: z.object({}),
  local: async () => ({ createLocalService: () => ({ handlers: {} }) }),
});

describe('planServices', () => {
  it('runs every discovered workspace app that defines local handlers and subscriptions or an API, none listed by hand', async () => {
    const discovered = await discoverServices();
    const plan = await planServices(undefined);
    expect(plan.consumers.map(({ definition }) => definition.name)).toStrictEqual(
      discovered
        .filter(({ definition }) => definition.subscriptions.length > 0 || definition.api)
        .map(({ definition }) => definition.name),
    );
    expect(plan.consumers.map(({ definition }) => definition.name)).toStrictEqual([
      'certificate-service',
      'email-service',
      'notification-service',
      'platform-api',
      'reporting-service',
      'video-pipeline',
    ]);
    // An API is served, not consumed: it has no queue.
    expect(plan.queues.filter((queue) => queue.service === 'platform-api')).toStrictEqual([]);
    expect(plan.pending).toStrictEqual([]);
  });

  it("gives each queue its own subscription's delivery settings", async () => {
    const discovered = await discoverServices();
    const certificateService = discovered.find(({ definition }) => definition.name === 'certificate-service');
    const plan = await planServices([
      withLocal,
      ...(certificateService ? [certificateService.definition] : []),
    ]);
    expect(
      plan.queues.map(({ queue, deadLetterQueue, settings }) => ({ queue, deadLetterQueue, settings })),
    ).toStrictEqual([
      {
        queue: 'fax-service-faxes',
        deadLetterQueue: 'fax-service-faxes-dlq',
        settings: {
          batchSize: 3,
          visibilityTimeoutMs: 180_000,
          maxReceiveCount: 5,
          functionTimeoutMs: 30_000,
        },
      },
      {
        queue: 'certificate-service-course-completed',
        deadLetterQueue: 'certificate-service-course-completed-dlq',
        settings: {
          batchSize: 10,
          visibilityTimeoutMs: 180_000,
          maxReceiveCount: 5,
          functionTimeoutMs: 30_000,
        },
      },
    ]);
  });

  it('lays overrides over every queue, the function timeout following a shorter visibility timeout', async () => {
    const plan = await planServices([withLocal], { visibilityTimeoutMs: 600, maxReceiveCount: undefined });
    expect(plan.queues[0]?.settings).toStrictEqual({
      batchSize: 3,
      visibilityTimeoutMs: 600,
      maxReceiveCount: 5,
      functionTimeoutMs: 100,
    });
  });

  it('does not run a consumer without local handlers, and says why', async () => {
    const plan = await planServices([noLocal, withLocal]);
    expect(plan.consumers.map(({ definition }) => definition.name)).toStrictEqual(['fax-service']);
    expect(plan.pending).toStrictEqual([
      {
        service: 'sms-service',
        reason: 'its definition has subscriptions but no local handlers (`local` in src/service.ts)',
      },
    ]);
  });
});

describe('describeServices', () => {
  it('lists every queue with the numbers it runs with, the stream mapping, and what it does not run', async () => {
    const plan = await planServices([noLocal, withLocal]);
    expect(
      describeServices({
        consumerQueues: plan.queues,
        pending: plan.pending,
        streamSettings: {
          batchSize: 100,
          bisectBatchOnFunctionError: true,
          maximumRetryAttempts: 10,
          maximumRecordAgeInSeconds: 43_200,
          retryDelayMs: 500,
        },
        apis: [{ service: 'lookup-api', routes: ['GET /things/{id}'] }],
      }),
    ).toStrictEqual([
      'runs 1 services, 1 queues:',
      '  fax-service-faxes  platform bus, batch 3, timeout 30 s, visibility 180 s, DLQ after 5 receives, max concurrency 2',
      '  stream-processor   platform table stream, batch 100, 10 retries, records expire after 43200 s, bisects on error',
      '  lookup-api         serves on this port: GET /things/{id}',
      'not running sms-service: its definition has subscriptions but no local handlers (`local` in src/service.ts)',
    ]);
  });
});
