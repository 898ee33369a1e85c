import { eventArchiveRetentionDays } from '@sfe/events';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** What differs between a production stage and the others. */
export interface StageConfig {
  readonly stage: string;
  readonly production: boolean;
  /** Stateful resources (tables, buckets) are kept on stack deletion in production. */
  readonly removalPolicy: RemovalPolicy;
  /** How long the bus archive keeps events for replay. Claim-check payloads live exactly as long. */
  readonly eventRetention: Duration;
  /**
   * Whether the bus's debug log (every sfe event, personal data redacted, see `DebugLog`) exists: off in
   * production, where events are read from the archive and the consumers' own logs instead.
   */
  readonly debugLog: boolean;
  /** Retention of the debug log, where there is one. */
  readonly debugLogRetention: RetentionDays;
}

/** Production is the stage named `prod`; every other stage is disposable. */
export function stageConfig(stage: string): StageConfig {
  const production = stage === 'prod';
  return {
    stage,
    production,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    // The one source (consumers' idempotency window is derived from it too): @sfe/events.
    eventRetention: Duration.days(eventArchiveRetentionDays(production)),
    debugLog: !production,
    debugLogRetention: RetentionDays.THREE_DAYS,
  };
}
