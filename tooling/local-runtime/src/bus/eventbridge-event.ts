import { LOCAL_ACCOUNT, LOCAL_REGION } from '../aws-identity';

/** An event as EventBridge delivers it to a target (the body of each SQS message of a rule's queue). */
export interface EventBridgeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
  /** Present on events a replay sends again. */
  readonly 'replay-name'?: string;
}

/** Wraps an accepted PutEvents entry exactly as EventBridge does: `time` to the second, in UTC. */
export function wrapEvent(entry: {
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  readonly time: Date;
  readonly resources: readonly string[];
}): EventBridgeEvent {
  return {
    version: '0',
    id: entry.id,
    'detail-type': entry.detailType,
    source: entry.source,
    account: LOCAL_ACCOUNT,
    time: formatEventTime(entry.time),
    region: LOCAL_REGION,
    resources: [...entry.resources],
    detail: entry.detail,
  };
}

export function formatEventTime(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}
