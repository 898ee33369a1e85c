import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError, toCdkEventPattern } from './event-pattern';

describe('toCdkEventPattern', () => {
  it('renames detail-type to detailType and keeps everything else as is', () => {
    const detail = { metadata: { type: ['UserSignedUp'] }, data: { plan: [{ 'anything-but': 'free' }] } };
    expect(
      toCdkEventPattern({ source: ['sfe-users'], 'detail-type': ['UserSignedUp'], detail }),
    ).toStrictEqual({
      source: ['sfe-users'],
      detailType: ['UserSignedUp'],
      detail,
    });
  });

  it('rejects an empty pattern, which would match every event on the bus', () => {
    expect(() => toCdkEventPattern({})).toThrow(InvalidEventPatternError);
  });

  it('rejects the CDK spelling detailType, which EventBridge would not understand', () => {
    expect(() => toCdkEventPattern({ detailType: ['X'] })).toThrow(/"detail-type"/);
  });
});
