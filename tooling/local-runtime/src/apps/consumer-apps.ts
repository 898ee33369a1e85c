import type { LocalContext } from '@sfe/consumer-toolkit';
import type { Subscription } from '@sfe/events';
import type { ServiceEventInput } from '../bus/event-bus';
import type { QueueHandler } from '../queues/queue-event-source';

/** What the runtime gives every service: the LocalContext contract, plus a door to the default bus. */
export interface RuntimeAppContext extends LocalContext {
  /** Puts an AWS service event (Transcribe, MediaConvert) on the default bus, as the service would. */
  readonly putAwsEvent: (event: ServiceEventInput) => Promise<void>;
}

/** A service running in the runtime: its handlers by subscription id, and how to wait for its background work. */
export interface StartedApp {
  readonly handlers: Readonly<Record<string, QueueHandler>>;
  /** Resolves when work the service started outside a delivery (local AWS stand-ins) has finished. */
  readonly settled?: () => Promise<void>;
}

/** A consuming service: its rules (from `subscription.ts`) and its local handlers (from `local.ts`). */
export interface ConsumerApp {
  readonly service: string;
  load(): Promise<{
    readonly subscriptions: readonly Subscription[];
    start(context: RuntimeAppContext): StartedApp;
  }>;
}

// ─── The services the runtime runs ─────────────────────────────────────────────────────────────────────────
// One entry per consuming service. Each exports `@sfe/<service>/subscription` (`subscriptions`) and
// `@sfe/<service>/local` (`createLocalHandlers(context)`); the runtime derives every rule, queue, DLQ and
// function from them, so nothing else needs to change when a service is added here.
export const CONSUMER_APPS: readonly ConsumerApp[] = [
  serviceApp('certificate-service', () =>
    Promise.all([import('@sfe/certificate-service/subscription'), import('@sfe/certificate-service/local')]),
  ),
  serviceApp('email-service', () =>
    Promise.all([import('@sfe/email-service/subscription'), import('@sfe/email-service/local')]),
  ),
  serviceApp('notification-service', () =>
    Promise.all([
      import('@sfe/notification-service/subscription'),
      import('@sfe/notification-service/local'),
    ]),
  ),
  serviceApp('reporting-service', () =>
    Promise.all([import('@sfe/reporting-service/subscription'), import('@sfe/reporting-service/local')]),
  ),
  {
    service: 'video-pipeline',
    async load() {
      const [{ createSubscriptions, createLocalDeps, LOCAL_UPLOADS_BUCKET }, { createHandlers }] =
        await Promise.all([import('@sfe/video-pipeline/local'), import('@sfe/video-pipeline/handler')]);
      return {
        // The upload rule names the bucket: built for the bucket the runtime uses.
        subscriptions: createSubscriptions(LOCAL_UPLOADS_BUCKET),
        start(context) {
          // Built from its parts rather than createLocalHandlers, to wait for its local Transcribe/MediaConvert.
          const deps = createLocalDeps(context);
          return { handlers: createHandlers(deps), settled: deps.settled };
        },
      };
    },
  },
];

/** A service wired the standard way: its `subscription` and `local` modules, loaded when the runtime starts. */
function serviceApp(
  service: string,
  modules: () => Promise<
    [
      { readonly subscriptions: readonly Subscription[] },
      { readonly createLocalHandlers: (context: RuntimeAppContext) => StartedApp['handlers'] },
    ]
  >,
): ConsumerApp {
  return {
    service,
    async load() {
      const [{ subscriptions }, { createLocalHandlers }] = await modules();
      return { subscriptions, start: (context) => ({ handlers: createLocalHandlers(context) }) };
    },
  };
}

/** Services not wired yet, and why: shown at start-up so nobody wonders where their events went. */
export const PENDING_APPS: readonly string[] = [];
