/** Base of every error the stream processor raises, so callers can tell ours from the SDK's. */
export class StreamProcessorError extends Error {
  override readonly name: string = 'StreamProcessorError';
}

/**
 * The record can never be processed as it is (its images do not unmarshal, or an item or the event built from
 * it fails validation). Retrying would fail the same way, so it goes to the dead-letter sink with this reason.
 */
export class MalformedRecordError extends StreamProcessorError {
  override readonly name = 'MalformedRecordError';
}

/** Some of the record's events were still rejected by EventBridge after every retry. */
export class PublishError extends StreamProcessorError {
  override readonly name = 'PublishError';
}

/**
 * An earlier change to the same item failed in this batch, so this record was not published: publishing it
 * now would put a later fact on the bus before an earlier one. Lambda redelivers both, in order.
 */
export class HeldBackError extends StreamProcessorError {
  override readonly name = 'HeldBackError';
}
