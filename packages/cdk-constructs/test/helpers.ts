import { fileURLToPath } from 'node:url';
import { DEFAULT_DELIVERY, type DefinedSubscription } from '@sfe/service-definition';
import { Stack } from 'aws-cdk-lib';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { testApp } from '../src/nag';

export const FIXTURE_ENTRY = fileURLToPath(new URL('./fixtures/handler.ts', import.meta.url));

export const courseCompletedSubscription: DefinedSubscription = {
  id: 'course-completed',
  bus: 'platform',
  description: 'Issue a certificate when a course is completed',
  pattern: {
    source: [{ prefix: 'sfe-' }],
    'detail-type': ['CourseCompleted'],
    detail: { metadata: { version: [2] } },
  },
  delivery: DEFAULT_DELIVERY,
};

export function testStack(): Stack {
  return new Stack(testApp(), 'TestStack');
}

/** The ops topic as an app stack imports it (by ARN), for constructs whose alarms notify it. */
export function opsTopic(stack: Stack): ITopic {
  return (
    (stack.node.tryFindChild('OpsTopic') as ITopic | undefined) ??
    Topic.fromTopicArn(stack, 'OpsTopic', 'arn:aws:sns:eu-west-2:111122223333:sfe-dev-ops')
  );
}
