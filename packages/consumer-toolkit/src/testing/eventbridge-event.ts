import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@sfe/events';

/** An event as EventBridge delivers it to a target: our event in `detail`, EventBridge's fields around it. */
export interface EventBridgeEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

export interface EventBridgeEnvelopeOptions {
  readonly id?: string;
  readonly account?: string;
  readonly region?: string;
}

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'eu-west-1';

/**
 * Wraps one of our events the way the bus delivers it (`source`/`detail-type` from metadata, `detail` =
 * metadata + data). EventBridge assigns its own `id` and stamps `time` to the second.
 */
export function toEventBridgeEvent(
  event: Pick<DomainEvent, 'metadata' | 'data'>,
  options: EventBridgeEnvelopeOptions = {},
): EventBridgeEnvelope {
  return {
    version: '0',
    id: options.id ?? randomUUID(),
    'detail-type': event.metadata.type,
    source: event.metadata.source,
    account: options.account ?? TEST_ACCOUNT,
    time: `${event.metadata.created.slice(0, 19)}Z`,
    region: options.region ?? TEST_REGION,
    resources: [],
    detail: { metadata: event.metadata, data: event.data },
  };
}
