import { fileURLToPath } from 'node:url';
import type { Subscription } from '@sfe/events';
import { Stack } from 'aws-cdk-lib';
import { testApp } from '../src/nag';

export const FIXTURE_ENTRY = fileURLToPath(new URL('./fixtures/handler.ts', import.meta.url));

export const courseCompletedSubscription: Subscription = {
  id: 'course-completed',
  bus: 'platform',
  description: 'Issue a certificate when a course is completed',
  pattern: {
    source: [{ prefix: 'sfe-' }],
    'detail-type': ['CourseCompleted'],
    detail: { metadata: { version: [2] } },
  },
};

export function testStack(): Stack {
  return new Stack(testApp(), 'TestStack');
}
