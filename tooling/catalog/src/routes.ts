import { compilePattern, InvalidEventPatternError, type PatternMatcher } from '@sfe/event-patterns';
import type { Subscription } from '@sfe/events';

/** One version of one event type, with an example event exactly as EventBridge delivers it. */
export interface ExampleEvent {
  readonly type: string;
  readonly version: number;
  readonly event: unknown;
}

/** A service and the rules it subscribes with. */
export interface ServiceSubscriptions {
  readonly service: string;
  readonly subscriptions: readonly Subscription[];
}

/** A service that publishes one version of one event type, and what in it does (a transition's name). */
export interface Production {
  readonly service: string;
  readonly type: string;
  readonly version: number;
  readonly via: string;
}

export interface Consumer {
  readonly service: string;
  readonly subscription: string;
}

/** Who publishes and who receives one version of one event type. */
export interface Route {
  readonly type: string;
  readonly version: number;
  readonly producers: readonly string[];
  readonly consumers: readonly Consumer[];
}

export type RouteWarning =
  | {
      readonly kind: 'unconsumed-event';
      readonly type: string;
      readonly version: number;
      readonly message: string;
    }
  | {
      readonly kind: 'unproduced-event';
      readonly type: string;
      readonly version: number;
      readonly message: string;
    }
  | {
      readonly kind: 'unmatched-rule';
      readonly service: string;
      readonly subscription: string;
      readonly message: string;
    };

export interface Routes {
  readonly routes: readonly Route[];
  readonly warnings: readonly RouteWarning[];
}

/** A rule pattern that the engine rejects, named by service and subscription. */
export class RulePatternError extends Error {
  override readonly name = 'RulePatternError';
}

/**
 * Computes every route from what the code says, not from what anyone wrote down: a subscription consumes a
 * version when its rule pattern matches that version's example event (evaluated by `@sfe/event-patterns`,
 * EventBridge's semantics), and a service produces a version when it declares a production of it.
 *
 * Only rules on the platform bus are evaluated: rules on the account's default bus receive AWS service
 * events (S3, Transcribe, MediaConvert), which are not ours and have no example here.
 *
 * Warns about a version no rule matches, a version nothing produces, and a platform rule that matches no
 * known version (a typo in a type name, or a version filter that skips them all).
 */
export function computeRoutes(input: {
  readonly events: readonly ExampleEvent[];
  readonly services: readonly ServiceSubscriptions[];
  readonly productions: readonly Production[];
}): Routes {
  const rules = input.services.flatMap(({ service, subscriptions }) =>
    subscriptions
      .filter((subscription) => subscription.bus === 'platform')
      .map((subscription) => ({
        service,
        subscription: subscription.id,
        matcher: compile(service, subscription),
      })),
  );
  const matchedRules = new Set<string>();
  const routes = input.events.map(({ type, version, event }): Route => {
    const consumers = rules
      .filter((rule) => rule.matcher.matches(event))
      .map(({ service, subscription }) => ({ service, subscription }))
      .sort(byServiceThenSubscription);
    for (const consumer of consumers) matchedRules.add(ruleKey(consumer));
    const producers = [
      ...new Set(
        input.productions.filter((p) => p.type === type && p.version === version).map((p) => p.service),
      ),
    ].sort();
    return { type, version, producers, consumers };
  });

  const warnings: RouteWarning[] = [];
  for (const route of routes) {
    const name = `${route.type} v${route.version}`;
    if (route.consumers.length === 0) {
      warnings.push({
        kind: 'unconsumed-event',
        type: route.type,
        version: route.version,
        message: `${name}: no rule matches it`,
      });
    }
    if (route.producers.length === 0) {
      warnings.push({
        kind: 'unproduced-event',
        type: route.type,
        version: route.version,
        message: `${name}: no service produces it`,
      });
    }
  }
  for (const rule of rules) {
    if (!matchedRules.has(ruleKey(rule))) {
      warnings.push({
        kind: 'unmatched-rule',
        service: rule.service,
        subscription: rule.subscription,
        message: `${rule.service}/${rule.subscription}: its rule matches no known event type and version`,
      });
    }
  }
  return { routes, warnings };
}

/** The consumers of one type and version, or an empty list when the routes do not know it. */
export function consumersOf(routes: readonly Route[], type: string, version: number): readonly Consumer[] {
  return routes.find((r) => r.type === type && r.version === version)?.consumers ?? [];
}

function compile(service: string, subscription: Subscription): PatternMatcher {
  try {
    return compilePattern(subscription.pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) {
      throw new RulePatternError(`${service}/${subscription.id}: invalid event pattern: ${error.message}`);
    }
    throw error;
  }
}

const ruleKey = (consumer: Consumer) => `${consumer.service}\u0000${consumer.subscription}`;

function byServiceThenSubscription(a: Consumer, b: Consumer): number {
  return a.service.localeCompare(b.service) || a.subscription.localeCompare(b.subscription);
}
