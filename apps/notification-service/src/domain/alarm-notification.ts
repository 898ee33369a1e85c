import type { AlarmStateChangeEvent } from '../aws-events/alarm-state-change';
import type { Notification } from './notification';

/**
 * What the ops channel reads about an alarm's state change (pure): its name, the states it went between, when,
 * where, what it watches (its description) and CloudWatch's reason. `ALARM` asks for attention; a return to `OK`
 * says it is over. The EventBridge event id is the notification's, so a redelivery posts nothing new.
 * @example describeAlarmStateChange(event).title // 'ALARM: sfe-prod-email-service-learner-emails-dlq-not-empty'
 */
export function describeAlarmStateChange(event: AlarmStateChangeEvent): Notification {
  const { alarmName, state, previousState, configuration } = event.detail;
  const firing = state.value === 'ALARM';
  return {
    kind: firing ? 'alarm' : 'alarm-resolved',
    eventId: event.id,
    severity: firing ? 'alert' : 'info',
    title: firing ? `ALARM: ${alarmName}` : `${state.value} again: ${alarmName}`,
    fields: [
      { label: 'Alarm', value: alarmName },
      { label: 'State', value: `${previousState.value} → ${state.value}` },
      { label: 'Since', value: state.timestamp },
      { label: 'Where', value: `${event.account} ${event.region}` },
      ...(configuration.description ? [{ label: 'What it watches', value: configuration.description }] : []),
    ],
    details: state.reason,
  };
}
