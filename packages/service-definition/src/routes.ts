import { compilePattern } from '@sfe/event-patterns';
import type { EventPattern } from '@sfe/events';
import { loadAllFixtures } from '@sfe/events/fixtures';

/** One version of one event type. */
export interface EventVersionRef {
  readonly type: string;
  readonly version: number;
}

/**
 * The event types and versions a rule actually receives: every registered version's example event
 * (`@sfe/events/fixtures`) matched against the pattern with EventBridge's semantics (`@sfe/event-patterns`).
 * Computed, never declared, so it cannot disagree with the rule. Sorted by type, then version.
 * @example receivedEvents(service.subscription('learner-emails').pattern)
 */
export function receivedEvents(pattern: EventPattern): EventVersionRef[] {
  const rule = compilePattern(pattern);
  return loadAllFixtures()
    .filter(({ event }) => rule.matches(event))
    .map(({ type, version }) => ({ type, version }))
    .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);
}
