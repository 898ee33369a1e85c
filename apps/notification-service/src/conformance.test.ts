import { describeConsumerConformance } from '@sfe/consumer-toolkit/testing';
import { service } from './service';
import { NOTIFICATION_EVENT_TYPES } from './subscription';

// The consumer contract every consumer app proves (routing, bad records failing alone, no second side effect).
describeConsumerConformance({ service, accepts: { 'team-notifications': NOTIFICATION_EVENT_TYPES } });
