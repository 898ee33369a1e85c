import { deadLetterQueueOf } from '@sfe/cdk-constructs/stage';
import {
  type DefinedSubscription,
  type LocalService,
  type ServiceDefinition,
  VISIBILITY_TIMEOUT_FACTOR,
} from '@sfe/service-definition';
import { discoverServices } from '@sfe/service-definition/discovery';
import { type QueueSettings, queueSettingsOf } from '../queues/queue-event-source';

/** One consumer's queue, as wired from a subscription of a service's definition. */
export interface ConsumerQueue {
  readonly service: string;
  readonly subscription: DefinedSubscription;
  readonly queue: string;
  readonly deadLetterQueue: string;
  /** What the queue and its mapping run with: the definition's delivery settings, then any override. */
  readonly settings: QueueSettings;
}

/** A consumer the runtime does not run, and why (shown at start-up, so nobody wonders where events went). */
export interface PendingService {
  readonly service: string;
  readonly reason: string;
}

/** The services a runtime was given, split into what it runs and what it cannot. */
export interface ServicePlan {
  /** Services with local handlers and subscriptions or an API, each with its local module loaded. */
  readonly consumers: readonly { readonly definition: ServiceDefinition; readonly load: LoadedModule }[];
  readonly queues: readonly ConsumerQueue[];
  readonly pending: readonly PendingService[];
}

type LoadedModule = Awaited<ReturnType<NonNullable<ServiceDefinition['local']>>>;

/** Queue overrides for every queue (tests, `SFE_VISIBILITY_TIMEOUT_MS`); unset fields keep the definition's. */
export type QueueOverrides = { readonly [K in keyof QueueSettings]?: QueueSettings[K] | undefined };

/**
 * The services to run: the given definitions, or every app that exports one (`discoverServices`). Each
 * subscription becomes a queue `<service>-<subscription>` with its DLQ and its own delivery settings. A visibility
 * override without a timeout shortens the function's timeout with it (six times shorter, as AWS advises), so an
 * in-progress idempotency record of a crashed delivery expires before its message is received again.
 */
export async function planServices(
  definitions: readonly ServiceDefinition[] | undefined,
  overrides: QueueOverrides = {},
): Promise<ServicePlan> {
  const all = definitions ?? (await discoverServices()).map((found) => found.definition);
  // Consumers, and services serving an API (the runtime serves it on its own port).
  const runnable = all.filter((definition) => definition.subscriptions.length > 0 || definition.api);
  const pending = runnable
    .filter((definition) => !definition.local)
    .map((definition) => ({
      service: definition.name,
      reason: 'its definition has subscriptions but no local handlers (`local` in src/service.ts)',
    }));
  // Load every service before the store opens: a broken service fails the start, not a delivery later.
  const consumers = await Promise.all(
    runnable.flatMap((definition) =>
      definition.local ? [definition.local().then((load) => ({ definition, load }))] : [],
    ),
  );
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const derivedTimeout =
    overrides.visibilityTimeoutMs !== undefined && overrides.functionTimeoutMs === undefined
      ? {
          functionTimeoutMs: Math.max(
            1,
            Math.floor(overrides.visibilityTimeoutMs / VISIBILITY_TIMEOUT_FACTOR),
          ),
        }
      : {};
  const queues = consumers.flatMap(({ definition }) =>
    definition.subscriptions.map((subscription) => {
      const queue = `${definition.name}-${subscription.id}`;
      return {
        service: definition.name,
        subscription,
        queue,
        deadLetterQueue: deadLetterQueueOf(queue),
        settings: { ...queueSettingsOf(subscription.delivery), ...defined, ...derivedTimeout },
      };
    }),
  );
  return { consumers, queues, pending };
}

/** Starts one service's local handlers with its validated local config. */
export function startService(
  definition: ServiceDefinition,
  load: LoadedModule,
  context: Parameters<LoadedModule['createLocalService']>[0],
): LocalService {
  return load.createLocalService(context, definition.localConfig(context.settings));
}
