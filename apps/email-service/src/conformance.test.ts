import { describeConsumerConformance } from '@sfe/consumer-toolkit/testing';
import { service } from './service';
import { EMAIL_EVENT_TYPES, SES_FEEDBACK_ID } from './subscription';

// The consumer contract every consumer app proves (routing, bad records failing alone, no second side effect).
// ses-feedback takes SES's events, not ours: handler.test.ts covers it with AWS's shapes.
describeConsumerConformance({
  service,
  accepts: { 'learner-emails': EMAIL_EVENT_TYPES },
  awsEventSubscriptions: [SES_FEEDBACK_ID],
});
