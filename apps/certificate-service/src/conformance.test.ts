import { describeConsumerConformance } from '@sfe/consumer-toolkit/testing';
import { EventType } from '@sfe/events';
import { service } from './service';

// The consumer contract every consumer app proves (routing, bad records failing alone, no second side effect).
describeConsumerConformance({ service, accepts: { 'course-completed': [EventType.CourseCompleted] } });
