import { describe, expect, it } from 'vitest';
import { deadLetterAlarmEvent } from './dead-letter-alarm';

const now = new Date('2026-03-02T09:15:40.405Z');
const letter = {
  queue: 'email-service-learner-emails-dlq',
  sourceQueue: 'email-service-learner-emails',
  receiveCount: 5,
  body: JSON.stringify({ source: 'sfe-accounts', 'detail-type': 'UserSignedUp', detail: {} }),
};

describe('deadLetterAlarmEvent', () => {
  it("is the DLQ alarm's OK → ALARM state change CloudWatch would send, named as the stack names it", () => {
    const event = deadLetterAlarmEvent(letter, { stage: 'dev', now });
    expect(event).toStrictEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'aws.cloudwatch',
      'detail-type': 'CloudWatch Alarm State Change',
      account: '000000000000',
      region: 'us-east-1',
      time: '2026-03-02T09:15:40Z',
      resources: [
        'arn:aws:cloudwatch:us-east-1:000000000000:alarm:sfe-dev-email-service-learner-emails-dlq-not-empty',
      ],
      detail: {
        alarmName: 'sfe-dev-email-service-learner-emails-dlq-not-empty',
        configuration: {
          description:
            'Messages failed in email-service-learner-emails and sit in email-service-learner-emails-dlq (local runtime)',
          metrics: [
            {
              id: 'dead-letters',
              metricStat: {
                metric: {
                  dimensions: { QueueName: 'email-service-learner-emails-dlq' },
                  name: 'ApproximateNumberOfMessagesVisible',
                  namespace: 'AWS/SQS',
                },
                period: 60,
                stat: 'Average',
              },
              returnData: true,
            },
          ],
        },
        previousState: {
          reason: 'The queue was empty (local runtime)',
          timestamp: '2026-03-02T09:15:40.405+0000',
          value: 'OK',
        },
        state: {
          reason:
            'A message received 5 times in email-service-learner-emails was moved to email-service-learner-emails-dlq (local runtime)',
          timestamp: '2026-03-02T09:15:40.405+0000',
          value: 'ALARM',
        },
      },
    });
  });

  it('raises none for an alarm event that failed itself (no loop), and does raise for a body that is not JSON', () => {
    const alarm = deadLetterAlarmEvent(letter, { stage: 'dev', now });
    expect(
      deadLetterAlarmEvent({ ...letter, body: JSON.stringify(alarm) }, { stage: 'dev', now }),
    ).toBeUndefined();
    expect(deadLetterAlarmEvent({ ...letter, body: '{"detail": ' }, { stage: 'dev', now })).toBeDefined();
  });
});
