import type { BlobStore } from '@sfe/blob-store';
import type { ClaimCheckFetcher } from '@sfe/events';
import type { TableStore } from '@sfe/records';

/**
 * What the local runtime gives a service so its real handler runs on one machine: every app exports
 * `createLocalHandlers(context)` built from these instead of AWS clients.
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
}
