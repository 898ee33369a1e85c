import type { StreamMappingSettings } from '../stream/stream-event-source';
import type { ConsumerQueue, PendingService } from './services';

/** A service's HTTP API the runtime serves on its own port. */
export interface ServedApi {
  readonly service: string;
  readonly routes: readonly string[];
}

/** What the banner needs of a runtime. */
export interface RunningServices {
  readonly consumerQueues: readonly ConsumerQueue[];
  readonly streamSettings: StreamMappingSettings;
  readonly pending: readonly PendingService[];
  readonly apis?: readonly ServedApi[];
}

/**
 * The start-up banner's service lines: every queue the runtime runs with the numbers it runs with (the
 * definitions', unless overridden), the stream mapping, the APIs it serves, and every consumer it does not
 * run, with why.
 */
export function describeServices(running: RunningServices): string[] {
  const width = Math.max(16, ...running.consumerQueues.map((q) => q.queue.length));
  const { streamSettings: stream } = running;
  return [
    `runs ${new Set(running.consumerQueues.map((q) => q.service)).size} services, ${running.consumerQueues.length} queues:`,
    ...running.consumerQueues.map(({ queue, subscription, settings }) => {
      const concurrency = subscription.delivery.maxConcurrency;
      return [
        `  ${queue.padEnd(width)}  ${subscription.bus} bus`,
        `batch ${settings.batchSize}`,
        `timeout ${seconds(settings.functionTimeoutMs)}`,
        `visibility ${seconds(settings.visibilityTimeoutMs)}`,
        `DLQ after ${settings.maxReceiveCount} receives`,
        ...(concurrency === undefined ? [] : [`max concurrency ${concurrency}`]),
      ].join(', ');
    }),
    [
      `  ${'stream-processor'.padEnd(width)}  platform table stream`,
      `batch ${stream.batchSize}`,
      `${stream.maximumRetryAttempts === -1 ? 'retries until expiry' : `${stream.maximumRetryAttempts} retries`}`,
      `${stream.maximumRecordAgeInSeconds === -1 ? 'records never expire' : `records expire after ${stream.maximumRecordAgeInSeconds} s`}`,
      stream.bisectBatchOnFunctionError ? 'bisects on error' : 'no bisect',
    ].join(', '),
    ...(running.apis ?? []).map(
      ({ service, routes }) => `  ${service.padEnd(width)}  serves on this port: ${routes.join(', ')}`,
    ),
    ...running.pending.map(({ service, reason }) => `not running ${service}: ${reason}`),
  ];
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
