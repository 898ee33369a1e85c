import type { EventPattern, Subscription } from '@sfe/events';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import {
  type ConfigEnvironment,
  type ConfigKey,
  type ConfigSchema,
  type EnvironmentRecord,
  parseConfig,
} from './config';
import {
  checkStreamMapping,
  type DeliverySettings,
  resolveDelivery,
  type StreamMappingSettings,
} from './delivery';
import { ServiceDefinitionError } from './errors';
import type { LocalContext } from './local-context';

/** An SQS consumer's handler, as Lambda calls it (partial batch responses). */
export type QueueHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

/** An HTTP request as the local runtime hands it to a service that serves an API. */
export interface LocalHttpRequest {
  readonly method: string;
  /** The path, still percent-encoded (`/users/a%2Fb`). */
  readonly path: string;
}

/**
 * An answer: JSON, which the runtime writes with `content-type: application/json`; or, when `headers` name a
 * `content-type`, a string body written as it is (e.g. certificate-service's redirect to a signed link).
 */
export interface LocalHttpResponse {
  readonly status: number;
  readonly body: unknown;
  /** Headers to send with it (e.g. `location` and `cache-control` of a redirect). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A service's HTTP API in the local runtime: the answer for a path it serves, undefined for any other path
 * (the runtime then tries its own routes' 404).
 */
export type LocalHttpHandler = (request: LocalHttpRequest) => Promise<LocalHttpResponse | undefined>;

/** A service running in the local runtime: its handlers by subscription id, and its background work. */
export interface LocalService {
  readonly handlers: Readonly<Record<string, QueueHandler>>;
  /** For a service with an `api`: its paths, served on the runtime's own port (no signature checked). */
  readonly http?: LocalHttpHandler;
  /** Resolves when work the service started outside a delivery (local AWS stand-ins) has finished. */
  readonly settled?: () => Promise<void>;
}

/** A service's `local.ts`: its real handlers wired to the runtime's stand-ins and its validated config. */
export interface LocalServiceModule<Config> {
  createLocalService(context: LocalContext, config: Config): LocalService;
}

/** A subscription as a definition declares it: the rule (as data) and its delivery settings over the defaults. */
export interface SubscriptionInput extends Subscription {
  readonly delivery?: Partial<DeliverySettings>;
}

/** An HTTP API a service serves (a function URL in AWS, the local runtime's port locally). */
export interface ServiceApi {
  /** One line: who calls it and what for. */
  readonly description: string;
  /** Its routes, e.g. `GET /users/{userId}`. */
  readonly routes: readonly string[];
}

/** A subscription of a defined service: the rule and every delivery setting, resolved. */
export interface DefinedSubscription extends Subscription {
  readonly delivery: DeliverySettings;
}

export interface ServiceInput<S extends ConfigSchema> {
  /** The app's folder and resource names: kebab-case, e.g. `email-service`. */
  readonly name: string;
  /** One line: what the service does. */
  readonly description: string;
  /** The rules it consumes through, each with its queue's settings. */
  readonly subscriptions?: readonly SubscriptionInput[];
  /** For a service fed by the platform table's stream instead of queues: the event source mapping. */
  readonly stream?: StreamMappingSettings;
  /** For a service answering HTTP requests: its API (the local runtime serves it through `local`'s `http`). */
  readonly api?: ServiceApi;
  /** Its configuration (environment variables), defaults in the schema. */
  readonly config: S;
  /** What the local runtime sets where AWS's stack would (local bucket and table names, local URLs). */
  readonly localSettings?: ConfigEnvironment<S>;
  /** Its local handlers, loaded only when the runtime starts it: `() => import('./local')`. */
  readonly local?: () => Promise<LocalServiceModule<z.output<S>>>;
}

/**
 * One service, defined once: its name, its subscriptions with their delivery settings, its config schema and
 * how to build its local handlers. The CDK constructs, the local runtime, `pnpm sfe services` and the docs
 * all read it; only what AWS alone needs (grants, buckets it owns) stays in the stack.
 */
export interface ServiceDefinition<S extends ConfigSchema = ConfigSchema> {
  readonly kind: 'sfe-service';
  readonly name: string;
  readonly description: string;
  readonly subscriptions: readonly DefinedSubscription[];
  readonly stream?: StreamMappingSettings;
  readonly api?: ServiceApi;
  readonly config: S;
  readonly localSettings: ConfigEnvironment<S>;
  readonly local?: () => Promise<LocalServiceModule<z.output<S>>>;
  /** The validated config from an environment (a Lambda's `process.env`); one error names every bad variable. */
  parseConfig(env: EnvironmentRecord): z.output<S>;
  /** The config the local runtime runs with: `localSettings`, then the person's settings over them. */
  localConfig(settings?: EnvironmentRecord): z.output<S>;
  /** A variable's name, checked against the schema: `service.variable('CERTIFICATES_BUCKET')`. */
  variable<K extends ConfigKey<S>>(name: K): K;
  /** Variables a stack sets, checked against the schema (a misspelt or renamed one does not compile). */
  environment(variables: ConfigEnvironment<S>): Record<string, string>;
  /** The subscription with this id; throws when there is none. */
  subscription(id: string): DefinedSubscription;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Defines a service (in its `src/service.ts`, exported as `service`). Checks names and every delivery setting
 * against AWS's limits at definition time, so a bad number fails the first test, not a deploy.
 * @example
 * export const service = defineService({
 *   name: 'sms-service',
 *   description: 'Texts learners a receipt',
 *   subscriptions: [{ id: 'receipts', bus: 'platform', pattern, description, delivery: { batchSize: 5 } }],
 *   config: z.object({ ...IdempotencyConfigShape }),
 *   localSettings: { IDEMPOTENCY_TABLE_NAME: 'idempotency' },
 *   local: () => import('./local'),
 * });
 */
export function defineService<S extends ConfigSchema>(input: ServiceInput<S>): ServiceDefinition<S> {
  const fail = (message: string): never => {
    throw new ServiceDefinitionError(`service ${input.name}: ${message}`);
  };
  if (!KEBAB.test(input.name)) fail('the name must be kebab-case');
  const seen = new Set<string>();
  const subscriptions = (input.subscriptions ?? []).map(({ delivery, ...subscription }) => {
    if (!KEBAB.test(subscription.id)) fail(`subscription id "${subscription.id}" must be kebab-case`);
    if (seen.has(subscription.id)) fail(`subscription id "${subscription.id}" is used twice`);
    seen.add(subscription.id);
    try {
      return { ...subscription, delivery: resolveDelivery(delivery) };
    } catch (error) {
      return fail(`subscription ${subscription.id}: ${(error as Error).message}`);
    }
  });
  let stream: StreamMappingSettings | undefined;
  if (input.api) {
    if (input.api.routes.length === 0) fail('its api must name at least one route');
    if (!input.local) fail('a service with an api needs local handlers (`local`) to be served by `pnpm dev`');
  }
  if (input.stream) {
    try {
      stream = checkStreamMapping(input.stream);
    } catch (error) {
      fail(`stream mapping: ${(error as Error).message}`);
    }
  }
  const localSettings = input.localSettings ?? {};
  const definition: ServiceDefinition<S> = {
    kind: 'sfe-service',
    name: input.name,
    description: input.description,
    subscriptions,
    ...(stream ? { stream } : {}),
    ...(input.api ? { api: input.api } : {}),
    config: input.config,
    localSettings,
    ...(input.local ? { local: input.local } : {}),
    parseConfig: (env) => parseConfig(input.config, env, input.name),
    localConfig: (settings = {}) => parseConfig(input.config, { ...localSettings, ...settings }, input.name),
    variable: (name) => name,
    environment: (variables) =>
      Object.fromEntries(
        Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
    subscription: (id) =>
      subscriptions.find((subscription) => subscription.id === id) ??
      fail(`has no subscription "${id}" (it has: ${subscriptions.map((s) => s.id).join(', ') || 'none'})`),
  };
  return definition;
}

/** Whether a module export is a service definition (discovery checks what an app's `./service` exports). */
export function isServiceDefinition(value: unknown): value is ServiceDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'sfe-service';
}

/** The same subscriptions with other patterns (e.g. a rule naming a bucket the stack creates), settings kept. */
export function withPatterns(
  subscriptions: readonly DefinedSubscription[],
  patternOf: (subscription: DefinedSubscription) => EventPattern,
): DefinedSubscription[] {
  return subscriptions.map((subscription) => ({ ...subscription, pattern: patternOf(subscription) }));
}
