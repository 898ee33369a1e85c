import type { EventPattern } from '@sfe/events';
import type { EventPattern as CdkEventPattern } from 'aws-cdk-lib/aws-events';

/** Thrown when a subscription's pattern cannot be expressed as an EventBridge rule pattern. */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
}

/**
 * Converts a raw EventBridge pattern (the JSON EventBridge receives, as `subscription.ts` holds it) into
 * CDK's `EventPattern`, whose only differently spelled key is `detailType` for `"detail-type"`. CDK renders
 * it back, so the synthesized rule's pattern equals the subscription's exactly.
 */
export function toCdkEventPattern(pattern: EventPattern): CdkEventPattern {
  if (Object.keys(pattern).length === 0) {
    throw new InvalidEventPatternError('event pattern is empty: a rule would match every event on the bus');
  }
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    if (key === 'detailType') {
      throw new InvalidEventPatternError(
        'event pattern uses "detailType": write the raw EventBridge key "detail-type"',
      );
    }
    converted[key === 'detail-type' ? 'detailType' : key] = value;
  }
  return converted as CdkEventPattern;
}
