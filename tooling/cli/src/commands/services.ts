import { relative } from 'node:path';
import type {
  DeliverySettings,
  ServiceApi,
  ServiceDefinition,
  StreamMappingSettings,
} from '@sfe/service-definition';
import { discoverServices } from '@sfe/service-definition/discovery';
import { receivedEvents } from '@sfe/service-definition/routes';
import { defineCommand } from '../command';

/** One subscription as `pnpm sfe services` reports it. */
interface SubscriptionRow {
  readonly id: string;
  readonly bus: string;
  readonly description: string;
  readonly delivery: DeliverySettings;
  /** Our event types and versions its rule receives, computed from the pattern and every version's fixture. */
  readonly receives: readonly { readonly type: string; readonly version: number }[];
  /** For a rule on AWS service events: the sources and detail types it names. */
  readonly awsEvents?: string;
}

interface ServiceRow {
  readonly name: string;
  readonly description: string;
  /** Relative to where the command was run. */
  readonly directory: string;
  readonly subscriptions: readonly SubscriptionRow[];
  readonly stream?: StreamMappingSettings;
  readonly api?: ServiceApi;
}

function subscriptionRows(definition: ServiceDefinition): SubscriptionRow[] {
  return definition.subscriptions.map((subscription) => {
    const receives = receivedEvents(subscription.pattern);
    const { source, 'detail-type': detailType } = subscription.pattern as {
      source?: unknown[];
      'detail-type'?: unknown[];
    };
    return {
      id: subscription.id,
      bus: subscription.bus,
      description: subscription.description,
      delivery: subscription.delivery,
      receives,
      ...(receives.length === 0 && subscription.bus === 'default'
        ? { awsEvents: `${JSON.stringify(source ?? [])} ${JSON.stringify(detailType ?? [])}` }
        : {}),
    };
  });
}

function describeDelivery(delivery: DeliverySettings): string {
  return [
    `batch ${delivery.batchSize}`,
    delivery.maxBatchingWindowSeconds > 0
      ? `window ${delivery.maxBatchingWindowSeconds} s`
      : 'no batching window',
    delivery.maxConcurrency === undefined
      ? 'no concurrency cap'
      : `max concurrency ${delivery.maxConcurrency}`,
    `timeout ${delivery.functionTimeoutSeconds} s`,
    `visibility ${delivery.visibilityTimeoutSeconds} s`,
    `DLQ after ${delivery.maxReceiveCount} receives, kept ${delivery.deadLetterRetentionDays} days`,
  ].join(', ');
}

function describeReceives(row: SubscriptionRow): string {
  if (row.awsEvents) return `AWS service events ${row.awsEvents}`;
  if (row.receives.length === 0) return 'none of our events (check the pattern)';
  const versions = new Map<string, number[]>();
  for (const { type, version } of row.receives) versions.set(type, [...(versions.get(type) ?? []), version]);
  return [...versions].map(([type, list]) => `${type} v${list.join(', v')}`).join('; ');
}

function describeStream(stream: StreamMappingSettings): string {
  return [
    `batch ${stream.batchSize}`,
    stream.bisectBatchOnFunctionError ? 'bisect on error' : 'no bisect',
    stream.maximumRetryAttempts === -1 ? 'retries until expiry' : `${stream.maximumRetryAttempts} retries`,
    stream.maximumRecordAgeSeconds === -1
      ? 'records never expire'
      : `records expire after ${stream.maximumRecordAgeSeconds} s`,
    `timeout ${stream.functionTimeoutSeconds} s`,
  ].join(', ');
}

function formatService(row: ServiceRow): string {
  return [
    `${row.name}  (${row.directory})`,
    `  ${row.description}`,
    ...(row.stream ? [`  stream: platform table, ${describeStream(row.stream)}`] : []),
    ...(row.api ? [`  api: ${row.api.description}`, ...row.api.routes.map((route) => `    ${route}`)] : []),
    ...row.subscriptions.flatMap((subscription) => [
      `  ${subscription.id}  (${subscription.bus} bus)  ${subscription.description}`,
      `    receives: ${describeReceives(subscription)}`,
      `    delivery: ${describeDelivery(subscription.delivery)}`,
    ]),
  ].join('\n');
}

/**
 * `pnpm sfe services`: every service the workspace defines (each `apps/*` exporting `./service`), its
 * subscriptions with their delivery settings, and the event types and versions each rule actually receives.
 */
export const servicesCommand = defineCommand({
  path: ['services'],
  summary:
    'Lists every service (apps/* with a src/service.ts): subscriptions, delivery settings, the events each receives.',
  description:
    "What a rule receives is computed: every registered event version's example event matched against the\n" +
    'pattern with EventBridge semantics, never typed in.',
  options: { json: { type: 'boolean', description: 'print the services as JSON, for tools' } },
  examples: ['pnpm sfe services', 'pnpm sfe services --json'],
  async run({ options }, io) {
    const rows: ServiceRow[] = (await discoverServices()).map(({ definition, directory }) => ({
      name: definition.name,
      description: definition.description,
      directory: relative(io.cwd, directory) || '.',
      subscriptions: subscriptionRows(definition),
      ...(definition.stream ? { stream: definition.stream } : {}),
      ...(definition.api ? { api: definition.api } : {}),
    }));
    if (options.json) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    io.stdout(`${rows.map(formatService).join('\n\n')}\n`);
    return 0;
  },
});
