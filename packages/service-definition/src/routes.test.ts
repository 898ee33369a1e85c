import { describe, expect, it } from 'vitest';
import { receivedEvents } from './routes';

describe('receivedEvents', () => {
  it('lists the registered versions whose example event the pattern matches, with EventBridge semantics', () => {
    expect(
      receivedEvents({
        source: [{ prefix: 'sfe-' }],
        $or: [
          { 'detail-type': ['UserSignedUp'] },
          {
            'detail-type': ['CourseCompleted'],
            detail: { metadata: { version: [{ 'anything-but': [1] }] } },
          },
        ],
      }),
    ).toStrictEqual([
      { type: 'CourseCompleted', version: 2 },
      { type: 'UserSignedUp', version: 1 },
    ]);
  });

  it('is empty for a rule on AWS service events', () => {
    expect(receivedEvents({ source: ['aws.s3'] })).toStrictEqual([]);
  });
});
