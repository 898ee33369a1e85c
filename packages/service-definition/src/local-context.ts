import type { BlobStore } from '@sfe/blob-store';
import type { ClaimCheckFetcher } from '@sfe/events';
import type { TableStore } from '@sfe/records';

/** An AWS service event (S3, Transcribe, MediaConvert) as a local stand-in puts it on the default bus. */
export interface AwsServiceEventInput {
  readonly source: string;
  readonly 'detail-type': string;
  readonly detail?: unknown;
  readonly id?: string;
  readonly time?: string;
  readonly account?: string;
  readonly region?: string;
  readonly resources?: readonly string[];
}

/**
 * What the local runtime gives a service so its real handlers run on one machine: every service's
 * `createLocalService(context, config)` is built from these instead of AWS clients.
 */
export interface LocalContext {
  /** The platform table; writes here reach the change stream, exactly like DynamoDB Streams. */
  readonly platformTable: TableStore;
  /** A service-owned table (e.g. `reporting`, `idempotency`), durable in the same local store. */
  readonly table: (name: string) => TableStore;
  /** A local S3 bucket (a directory with signed expiring links). */
  readonly bucket: (name: string) => BlobStore;
  /** A directory a person can open: `.eml` files, chat messages. Created on demand. */
  readonly outboxDirectory: (name: string) => string;
  readonly fetchClaimCheck: ClaimCheckFetcher;
  readonly now: () => Date;
  /** Local settings (e.g. `NOTIFICATION_CHANNELS=slack,telegram`), standing in for the stack's environment. */
  readonly settings: Readonly<Record<string, string>>;
  /** Line-oriented log the runtime shows a person (side effects, where files went). */
  readonly report: (line: string) => void;
  /** Puts an AWS service event (Transcribe, MediaConvert) on the default bus, as the service would. */
  readonly putAwsEvent: (event: AwsServiceEventInput) => Promise<void>;
}
