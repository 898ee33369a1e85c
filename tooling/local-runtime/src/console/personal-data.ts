import { redactEventWithPaths } from '@sfe/events';
import type { EventBridgeEvent } from '../bus/eventbridge-event';

/**
 * The event with its personal data replaced by `REDACTED`, and the paths replaced. Which fields are personal
 * is read from the marks in the event schemas (`@sfe/events`, `personalField`), the one source every log and
 * view uses; ids (`userId`) stay visible: they are pseudonymous and what a person debugging follows. An event
 * of a type or version the workspace does not define (an AWS service's) is returned as it is; a claim-checked
 * event carries no data inline, only its claim check, whose (signed) URL is redacted.
 */
export function redactEvent(event: EventBridgeEvent): { event: EventBridgeEvent; redacted: string[] } {
  return redactEventWithPaths(event);
}
