import { compilePattern } from '@sfe/event-patterns';
import { describe, expect, it } from 'vitest';
import { alarmFixtureText } from '../test/alarm-fixtures';
import { opsAlarms, subscriptions, teamNotifications } from './subscription';

describe('team-notifications subscription', () => {
  it('matches signups, payments, course completions (v2 on) and failed video processing from our producers', () => {
    expect(teamNotifications.pattern).toStrictEqual({
      source: [{ prefix: 'sfe-' }],
      $or: [
        { 'detail-type': ['UserSignedUp', 'CoursePaymentComplete', 'VideoProcessingFailed'] },
        {
          'detail-type': ['CourseCompleted'],
          detail: { metadata: { version: [{ 'anything-but': [1] }] } },
        },
      ],
    });
  });

  it('is one of two subscriptions: team news on the platform bus, alarms on the default bus', () => {
    expect(subscriptions.map(({ id, bus }) => ({ id, bus }))).toStrictEqual([
      { id: 'team-notifications', bus: 'platform' },
      { id: 'ops-alarms', bus: 'default' },
    ]);
  });
});

describe('ops-alarms subscription', () => {
  const rule = compilePattern(opsAlarms.pattern);
  const ours = JSON.parse(alarmFixtureText('dlq-alarm')) as {
    detail: { alarmName: string; state: { value: string }; previousState: { value: string } };
  };
  const withStates = (previous: string, next: string) => {
    const event = structuredClone(ours);
    event.detail.previousState.value = previous;
    event.detail.state.value = next;
    return event;
  };

  it('matches our alarm firing, as CloudWatch sends it', () => {
    expect(rule.matches(ours)).toBe(true);
  });

  it('matches our alarm clearing from ALARM, not becoming OK after a deploy nor lacking data', () => {
    expect(rule.matches(withStates('ALARM', 'OK'))).toBe(true);
    expect(rule.matches(withStates('INSUFFICIENT_DATA', 'OK'))).toBe(false);
    expect(rule.matches(withStates('OK', 'INSUFFICIENT_DATA'))).toBe(false);
    expect(rule.matches(withStates('INSUFFICIENT_DATA', 'ALARM'))).toBe(true);
  });

  it("leaves other alarms of the account alone (AWS's documentation example is not ours)", () => {
    expect(rule.matches(JSON.parse(alarmFixtureText('aws-docs')))).toBe(false);
  });
});
