import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IdempotencyConfigShape } from './config';
import { defineService, isServiceDefinition } from './define-service';
import { DEFAULT_DELIVERY } from './delivery';

const pattern = { source: [{ prefix: 'sfe-' }], 'detail-type': ['UserSignedUp'] };
const config = z.object({
  ...IdempotencyConfigShape,
  APP_URL: z.url(),
  BATCH_LIMIT: z.coerce.number().int().positive().default(3),
});

const define = (overrides: Partial<Parameters<typeof defineService<typeof config>>[0]> = {}) =>
  defineService({
    name: 'sms-service',
    description: 'Texts learners',
    subscriptions: [{ id: 'welcome-texts', bus: 'platform', pattern, description: 'Welcome texts' }],
    config,
    localSettings: { IDEMPOTENCY_TABLE_NAME: 'idempotency', APP_URL: 'http://127.0.0.1:4010' },
    ...overrides,
  });

describe('defineService', () => {
  it('gives a subscription the default delivery settings when it names none', () => {
    const service = define();
    expect(service.subscriptions).toStrictEqual([
      {
        id: 'welcome-texts',
        bus: 'platform',
        pattern,
        description: 'Welcome texts',
        delivery: DEFAULT_DELIVERY,
      },
    ]);
    expect(isServiceDefinition(service)).toBe(true);
  });

  it('lays given settings over the defaults, the visibility timeout following the function timeout', () => {
    const service = define({
      subscriptions: [
        {
          id: 'welcome-texts',
          bus: 'platform',
          pattern,
          description: 'Welcome texts',
          delivery: { batchSize: 5, maxConcurrency: 2, functionTimeoutSeconds: 60 },
        },
      ],
    });
    expect(service.subscription('welcome-texts').delivery).toStrictEqual({
      ...DEFAULT_DELIVERY,
      batchSize: 5,
      maxConcurrency: 2,
      functionTimeoutSeconds: 60,
      visibilityTimeoutSeconds: 360,
    });
  });

  it('refuses settings AWS would refuse, naming the service, the subscription and each setting', () => {
    expect(() =>
      define({
        subscriptions: [
          {
            id: 'welcome-texts',
            bus: 'platform',
            pattern,
            description: 'Welcome texts',
            delivery: { batchSize: 50, maxReceiveCount: 0, visibilityTimeoutSeconds: 10 },
          },
        ],
      }),
    ).toThrow(
      'service sms-service: subscription welcome-texts: maxReceiveCount: Too small: expected number to be >=1; ' +
        'maxBatchingWindowSeconds: a batch size above 10 needs a batching window of at least 1 second; ' +
        'visibilityTimeoutSeconds: must be at least the function timeout (30 s)',
    );
  });

  it('refuses a name or subscription id that is not kebab-case, and an id used twice', () => {
    expect(() => define({ name: 'SmsService' })).toThrow('service SmsService: the name must be kebab-case');
    const twice = { id: 'texts', bus: 'platform' as const, pattern, description: 'x' };
    expect(() => define({ subscriptions: [twice, twice] })).toThrow('subscription id "texts" is used twice');
  });

  it('checks a stream mapping against the limits', () => {
    const stream = {
      batchSize: 100,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 10,
      maximumRecordAgeSeconds: 43_200,
      functionTimeoutSeconds: 60,
    };
    expect(define({ subscriptions: [], stream }).stream).toStrictEqual(stream);
    expect(() => define({ stream: { ...stream, maximumRecordAgeSeconds: 30 } })).toThrow(
      /service sms-service: stream mapping: maximumRecordAgeSeconds/,
    );
  });

  it('keeps an api, and refuses one with no route or no local handlers to serve it', () => {
    const api = { description: 'Read-only call-backs', routes: ['GET /users/{userId}'] };
    const local = async () => ({ createLocalService: () => ({ handlers: {} }) });
    expect(define({ subscriptions: [], api, local }).api).toStrictEqual(api);
    expect(define().api).toBeUndefined();
    expect(() => define({ api: { ...api, routes: [] }, local })).toThrow(
      'service sms-service: its api must name at least one route',
    );
    expect(() => define({ api })).toThrow(
      'service sms-service: a service with an api needs local handlers (`local`) to be served by `pnpm dev`',
    );
  });

  it('parses config naming every bad variable at once', () => {
    expect(() => define().parseConfig({ APP_URL: 'not a url', BATCH_LIMIT: '-1' })).toThrow(
      /^invalid sms-service configuration: IDEMPOTENCY_TABLE_NAME: .*; APP_URL: .*; BATCH_LIMIT: .*$/,
    );
    expect(define().parseConfig({ IDEMPOTENCY_TABLE_NAME: 't', APP_URL: 'https://x.example' })).toStrictEqual(
      {
        IDEMPOTENCY_TABLE_NAME: 't',
        APP_URL: 'https://x.example',
        BATCH_LIMIT: 3,
      },
    );
  });

  it('runs locally on its local settings, a person’s settings over them', () => {
    expect(define().localConfig({ BATCH_LIMIT: '7' })).toStrictEqual({
      IDEMPOTENCY_TABLE_NAME: 'idempotency',
      APP_URL: 'http://127.0.0.1:4010',
      BATCH_LIMIT: 7,
    });
  });

  it('hands stacks variables by the schema’s names, dropping the unset ones', () => {
    const service = define();
    expect(service.variable('APP_URL')).toBe('APP_URL');
    expect(service.environment({ APP_URL: 'https://x.example', BATCH_LIMIT: undefined })).toStrictEqual({
      APP_URL: 'https://x.example',
    });
    // @ts-expect-error: not a variable of the schema
    service.variable('APP_URI');
  });

  it('names the subscriptions it has when asked for one it has not', () => {
    expect(() => define().subscription('nope')).toThrow(
      'service sms-service: has no subscription "nope" (it has: welcome-texts)',
    );
  });
});
