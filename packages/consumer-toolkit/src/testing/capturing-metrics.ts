import { Metrics } from '@aws-lambda-powertools/metrics';

/** One published EMF document, as CloudWatch would receive it. */
export type CapturedMetrics = ReturnType<Metrics['serializeMetrics']>;

/**
 * A Powertools Metrics that keeps the EMF documents it would print, so tests assert on metrics without
 * touching stdout.
 */
export class CapturingMetrics extends Metrics {
  readonly published: CapturedMetrics[] = [];

  override publishStoredMetrics(): this {
    if (this.hasStoredMetrics()) this.published.push(this.serializeMetrics());
    // What Powertools' own publish clears, so the next document starts as it would in Lambda.
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }

  /** The sum of one metric's values over every published document. */
  total(name: string): number {
    return this.published.reduce((sum, document) => {
      const value = (document as unknown as Record<string, unknown>)[name];
      return sum + (typeof value === 'number' ? value : 0);
    }, 0);
  }
}
