import { describeConsumerConformance } from '@sfe/consumer-toolkit/testing';
import { service } from './service';
import { NOTIFICATION_EVENT_TYPES, opsAlarms } from './subscription';

// The consumer contract every consumer app proves (routing, bad records failing alone, no second side effect).
// ops-alarms takes CloudWatch's events, not ours: handler.test.ts covers it with AWS's shapes.
describeConsumerConformance({
  service,
  accepts: { 'team-notifications': NOTIFICATION_EVENT_TYPES },
  awsEventSubscriptions: [opsAlarms.id],
});
