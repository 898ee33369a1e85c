import {
  CourseCompletedV2,
  createEvent,
  EventType,
  personalFieldsOf,
  REDACTED,
  SupportTicketOpenedV1,
  UserSignedUpV1,
} from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { wrapEvent } from '../bus/eventbridge-event';
import { redactEvent } from './personal-data';

describe('the console reads the personal fields marked in the event schemas', () => {
  it('takes email addresses and person names, not titles or ids', () => {
    expect(personalFieldsOf(UserSignedUpV1)).toStrictEqual(['email', 'name']);
    expect(personalFieldsOf(CourseCompletedV2)).toStrictEqual(['userName', 'email']);
  });

  it('takes the free text marked in a sensitive event', () => {
    expect(personalFieldsOf(SupportTicketOpenedV1)).toStrictEqual(['subject']);
  });
});

describe('redactEvent', () => {
  const signedUp = wrapEvent({
    id: 'eb-1',
    source: 'sfe-stream-processor',
    detailType: 'UserSignedUp',
    detail: createEvent(
      EventType.UserSignedUp,
      {
        userId: 'ada',
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        signedUpAt: '2026-11-23T10:00:00.000Z',
      },
      { source: 'sfe-stream-processor' },
    ) as unknown as Record<string, unknown>,
    time: new Date('2026-11-23T10:00:00Z'),
    resources: [],
  });

  it('replaces the personal fields and names them, leaving the rest and the original untouched', () => {
    const { event, redacted } = redactEvent(signedUp);
    expect(redacted).toStrictEqual(['detail.data.email', 'detail.data.name']);
    expect((event.detail as { data: unknown }).data).toStrictEqual({
      userId: 'ada',
      email: REDACTED,
      name: REDACTED,
      signedUpAt: '2026-11-23T10:00:00.000Z',
    });
    expect(event.detail.metadata).toStrictEqual(signedUp.detail.metadata);
    expect((signedUp.detail as { data: { email: string } }).data.email).toBe('ada@example.com');
  });

  it('leaves AWS service events as they are, and shows a claim-checked event without its signed URL', () => {
    const s3 = wrapEvent({
      id: 'eb-2',
      source: 'aws.s3',
      detailType: 'Object Created',
      detail: { bucket: { name: 'video-uploads' } },
      time: new Date('2026-11-23T10:00:00Z'),
      resources: [],
    });
    expect(redactEvent(s3)).toStrictEqual({ event: s3, redacted: [] });
    const claimChecked = {
      ...signedUp,
      detail: { ...signedUp.detail, data: { claimCheck: { url: 'http://x', sha256: 'ab', bytes: 3 } } },
    };
    expect(redactEvent(claimChecked)).toStrictEqual({
      event: {
        ...claimChecked,
        detail: { ...claimChecked.detail, data: { claimCheck: { url: REDACTED, sha256: 'ab', bytes: 3 } } },
      },
      redacted: ['detail.data.claimCheck.url'],
    });
  });
});
