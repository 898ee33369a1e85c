import { describe, expect, it } from 'vitest';
import { LOCAL_METRICS_NAMESPACE, readMetricsNamespace } from './env';

describe('readMetricsNamespace', () => {
  it("takes the stack's POWERTOOLS_METRICS_NAMESPACE", () => {
    expect(readMetricsNamespace({ POWERTOOLS_METRICS_NAMESPACE: 'sfe' })).toBe('sfe');
  });

  it('falls back to the local namespace where no stack set one', () => {
    expect(readMetricsNamespace({})).toBe(LOCAL_METRICS_NAMESPACE);
    expect(readMetricsNamespace({ POWERTOOLS_METRICS_NAMESPACE: '' })).toBe(LOCAL_METRICS_NAMESPACE);
  });
});
