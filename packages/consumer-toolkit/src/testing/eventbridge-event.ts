import type { EventBridgeEvent, PublishableEvent } from '@sfe/events';
import { asEventBridgeEvent } from '@sfe/events/fixtures';

/** An event as EventBridge delivers it to a target: our event in `detail`, EventBridge's fields around it. */
export type EventBridgeEnvelope = EventBridgeEvent;

export interface EventBridgeEnvelopeOptions {
  readonly id?: string;
  readonly account?: string;
  readonly region?: string;
}

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'eu-west-1';

/**
 * Wraps one of our events the way the bus delivers it (`asEventBridgeEvent` of `@sfe/events/fixtures`) in
 * the test account and region: `source`/`detail-type` from metadata, `detail` = metadata + data, a new
 * EventBridge `id`, and `time` to the second.
 */
export function toEventBridgeEvent(
  event: PublishableEvent,
  options: EventBridgeEnvelopeOptions = {},
): EventBridgeEnvelope {
  return asEventBridgeEvent(event, {
    account: options.account ?? TEST_ACCOUNT,
    region: options.region ?? TEST_REGION,
    ...(options.id ? { id: options.id } : {}),
  });
}
