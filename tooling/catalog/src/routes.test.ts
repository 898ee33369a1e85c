import type { Subscription } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { computeRoutes, consumersOf, RulePatternError } from './routes';

const event = (type: string, version: number) => ({
  type,
  version,
  event: {
    version: '0',
    id: `${type}-${version}`,
    'detail-type': type,
    source: 'sfe-stream-processor',
    account: '111122223333',
    time: '2026-12-04T16:20:03Z',
    region: 'eu-west-2',
    resources: [],
    detail: { metadata: { type, version }, data: {} },
  },
});

const rule = (id: string, pattern: Record<string, unknown>, bus: Subscription['bus'] = 'platform') => ({
  id,
  bus,
  pattern,
  description: id,
});

describe('computeRoutes', () => {
  it('routes each version to the rules whose pattern matches its example, and to its producers', () => {
    const result = computeRoutes({
      events: [event('Shipped', 1), event('Shipped', 2), event('Paid', 1)],
      services: [
        { service: 'mailer', subscriptions: [rule('shipments', { 'detail-type': ['Shipped'] })] },
        {
          service: 'billing',
          subscriptions: [
            rule('new-shipments', {
              'detail-type': ['Shipped'],
              detail: { metadata: { version: [{ 'anything-but': [1] }] } },
            }),
            rule('payments', { 'detail-type': ['Paid'] }),
          ],
        },
      ],
      productions: [
        { service: 'stream-processor', type: 'Shipped', version: 1, via: 'transition a' },
        { service: 'stream-processor', type: 'Shipped', version: 2, via: 'transition b' },
        { service: 'warehouse', type: 'Shipped', version: 2, via: 'publish' },
        { service: 'stream-processor', type: 'Paid', version: 1, via: 'transition c' },
      ],
    });
    expect(result).toStrictEqual({
      routes: [
        {
          type: 'Shipped',
          version: 1,
          producers: ['stream-processor'],
          consumers: [{ service: 'mailer', subscription: 'shipments' }],
        },
        {
          type: 'Shipped',
          version: 2,
          producers: ['stream-processor', 'warehouse'],
          consumers: [
            { service: 'billing', subscription: 'new-shipments' },
            { service: 'mailer', subscription: 'shipments' },
          ],
        },
        {
          type: 'Paid',
          version: 1,
          producers: ['stream-processor'],
          consumers: [{ service: 'billing', subscription: 'payments' }],
        },
      ],
      warnings: [],
    });
  });

  it('warns about a version nothing consumes or produces, and a rule that matches no known version', () => {
    const result = computeRoutes({
      events: [event('Shipped', 1)],
      services: [{ service: 'mailer', subscriptions: [rule('typo', { 'detail-type': ['Shiped'] })] }],
      productions: [],
    });
    expect(result.warnings).toStrictEqual([
      { kind: 'unconsumed-event', type: 'Shipped', version: 1, message: 'Shipped v1: no rule matches it' },
      {
        kind: 'unproduced-event',
        type: 'Shipped',
        version: 1,
        message: 'Shipped v1: no service produces it',
      },
      {
        kind: 'unmatched-rule',
        service: 'mailer',
        subscription: 'typo',
        message: 'mailer/typo: its rule matches no known event type and version',
      },
    ]);
  });

  it('leaves rules on the default bus (AWS service events) out of the routes and the warnings', () => {
    const result = computeRoutes({
      events: [event('Shipped', 1)],
      services: [
        {
          service: 'pipeline',
          subscriptions: [rule('uploads', { source: ['aws.s3'] }, 'default'), rule('all', {}, 'default')],
        },
      ],
      productions: [{ service: 'stream-processor', type: 'Shipped', version: 1, via: 'x' }],
    });
    expect(result.routes[0]?.consumers).toStrictEqual([]);
    expect(result.warnings.map((w) => w.kind)).toStrictEqual(['unconsumed-event']);
  });

  it('names the service and subscription of a pattern the engine rejects', () => {
    expect(() =>
      computeRoutes({
        events: [],
        services: [{ service: 'mailer', subscriptions: [rule('broken', { 'detail-type': [] })] }],
        productions: [],
      }),
    ).toThrow(
      new RulePatternError(
        'mailer/broken: invalid event pattern: Event pattern is not valid. Reason: Empty arrays are not allowed',
      ),
    );
  });
});

describe('consumersOf', () => {
  it('finds the consumers of one version, and none for a version the routes do not know', () => {
    const routes = [
      { type: 'Shipped', version: 1, producers: [], consumers: [{ service: 'mailer', subscription: 's' }] },
    ];
    expect(consumersOf(routes, 'Shipped', 1)).toStrictEqual([{ service: 'mailer', subscription: 's' }]);
    expect(consumersOf(routes, 'Shipped', 2)).toStrictEqual([]);
  });
});
