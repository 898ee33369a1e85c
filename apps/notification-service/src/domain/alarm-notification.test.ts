import { describe, expect, it } from 'vitest';
import { loadAlarmFixture } from '../../test/alarm-fixtures';
import { describeAlarmStateChange } from './alarm-notification';

describe('describeAlarmStateChange', () => {
  it('asks for attention when an alarm fires, with its states, time, place, description and reason', () => {
    const event = loadAlarmFixture('dlq-alarm');
    expect(describeAlarmStateChange(event)).toStrictEqual({
      kind: 'alarm',
      eventId: '8f2c6d1e-0b7a-4c35-9e2d-5a6b7c8d9e01',
      severity: 'alert',
      title: 'ALARM: sfe-prod-email-service-learner-emails-dlq-not-empty',
      fields: [
        { label: 'Alarm', value: 'sfe-prod-email-service-learner-emails-dlq-not-empty' },
        { label: 'State', value: 'OK → ALARM' },
        { label: 'Since', value: '2026-03-02T09:15:40.405+0000' },
        { label: 'Where', value: '111122223333 eu-west-2' },
        {
          label: 'What it watches',
          value:
            'Messages for email-service (learner-emails) failed 5 times and sit in sfe-prod-email-service-learner-emails-dlq',
        },
      ],
      details: event.detail.state.reason,
    });
  });

  it('says it is over when the alarm is OK again, and leaves out a missing description', () => {
    const fired = loadAlarmFixture('aws-docs');
    const resolved = {
      ...fired,
      detail: {
        ...fired.detail,
        configuration: {},
        previousState: fired.detail.state,
        state: { ...fired.detail.previousState, timestamp: '2019-10-02T17:20:40.987+0000' },
      },
    };
    const notification = describeAlarmStateChange(resolved);
    expect(notification.kind).toBe('alarm-resolved');
    expect(notification.severity).toBe('info');
    expect(notification.title).toBe('OK again: ServerCpuTooHigh');
    expect(notification.fields.map((field) => field.label)).toStrictEqual([
      'Alarm',
      'State',
      'Since',
      'Where',
    ]);
    expect(notification.fields[1]).toStrictEqual({ label: 'State', value: 'ALARM → OK' });
  });
});
