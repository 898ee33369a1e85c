// `@sfe/stream-processor/domain`: the pure part (no AWS SDK), used by the handler, the CLI and benchmarks.
export { type ChunkLimits, chunkEntries } from './chunk-entries';
export { type Detection, type DetectOptions, detectEvents, STREAM_PROCESSOR_SOURCE } from './detect-events';
export { createDryRunClaimCheckStore } from './dry-run-claim-check-store';
export { HeldBackError, MalformedRecordError, PublishError, StreamProcessorError } from './errors';
export { findPrecedingChanges, itemKeyOf } from './item-order';
export { type ItemChange, type ParsedRecord, parseStreamRecord } from './parse-record';
export { type EntryFailure, publishEntries, type RetryPolicy } from './publish-events';
export { buildRecordEntries, type RecordEntries, type RecordEntriesOptions } from './record-entries';
export { TRANSITIONS, type Transition, type TransitionFlags } from './transitions';
