import { defineService } from '@sfe/service-definition';
import { EnvSchema } from './env';

/**
 * The stream processor, defined once. It consumes no queue: its event source mapping on the platform table's
 * stream is declared here, and both the stack's mapping and the local runtime's stream read these numbers.
 */
export const service = defineService({
  name: 'stream-processor',
  description: 'Committed changes of the platform table (DynamoDB Streams) in, business events out',
  stream: {
    batchSize: 100,
    bisectBatchOnFunctionError: true,
    maximumRetryAttempts: 10,
    // Well under the stream's 24-hour retention, so the failed-batch pointers can still be read back.
    maximumRecordAgeSeconds: 12 * 60 * 60,
    // Publishing retries back off for at most a few seconds per record; a batch of 100 has room to spare.
    functionTimeoutSeconds: 60,
  },
  config: EnvSchema,
});

/**
 * The queues the stream processor sets work aside in, by id: its stack names them
 * `sfe-<stage>-stream-processor-<id>`, and `pnpm sfe dlq list --stage` finds them by the same names.
 * - `failedBatches`: Lambda's on-failure destination (pointers to stream records; `pnpm sfe stream recover`);
 * - `malformedRecords`: records that can never be published, each with its reason.
 */
export const SET_ASIDE_QUEUES = {
  failedBatches: 'failed-batches',
  malformedRecords: 'malformed-records',
} as const;
