/** An EventBridge event pattern, as the JSON EventBridge receives (`"detail-type"`, not CDK's `detailType`). */
export type EventPattern = Readonly<Record<string, unknown>>;

/**
 * One rule of a consuming service, as data: the CDK stack and the local runtime both read it, so production
 * and local routing cannot drift. `bus` says where the events come from: our central bus, or the account's
 * default bus for AWS service events (S3, Transcribe, MediaConvert).
 */
export interface Subscription {
  /** Unique within the service, kebab-case; names the rule and the queue (`<service>-<id>`). */
  readonly id: string;
  readonly bus: 'platform' | 'default';
  readonly pattern: EventPattern;
  readonly description: string;
}
