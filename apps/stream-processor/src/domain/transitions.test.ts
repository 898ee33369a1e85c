import type { PlatformItem } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { MalformedRecordError } from './errors';
import { TRANSITIONS, type Transition } from './transitions';

function transition(name: string): Transition {
  const found = TRANSITIONS.find((t) => t.name === name);
  if (!found) throw new Error(`no transition ${name}`);
  return found;
}

const context = { changedAt: '2026-11-20T12:00:00.000Z' };

const user = {
  pk: 'USER#u1',
  sk: 'PROFILE',
  entityType: 'USER',
  userId: 'u1',
  email: 'u1@example.com',
  name: 'Grace Hopper',
  status: 'active',
  createdAt: '2026-11-01T09:00:00.000Z',
} as const satisfies PlatformItem;

const enrolment = {
  pk: 'USER#u1',
  sk: 'ENROLMENT#c1',
  entityType: 'ENROLMENT',
  userId: 'u1',
  courseId: 'c1',
  courseTitle: 'Compilers',
  userName: 'Grace Hopper',
  email: 'u1@example.com',
  enrolledAt: '2026-11-02T09:00:00.000Z',
  progress: 50,
} as const satisfies PlatformItem;

const payment = {
  pk: 'USER#u1',
  sk: 'PAYMENT#p1',
  entityType: 'PAYMENT',
  paymentId: 'p1',
  userId: 'u1',
  courseId: 'c1',
  amount: 1250,
  currency: 'EUR',
  status: 'pending',
  courseTitle: 'Compilers',
  userName: 'Grace Hopper',
  email: 'u1@example.com',
} as const satisfies PlatformItem;

const video = {
  pk: 'VIDEO#v1',
  sk: 'METADATA',
  entityType: 'VIDEO',
  videoId: 'v1',
  courseId: 'c1',
  title: 'Parsing',
  status: 'transcoding',
  sourceKey: 'uploads/v1.mp4',
} as const satisfies PlatformItem;

describe('TRANSITIONS', () => {
  it('names every transition uniquely (names are part of event ids)', () => {
    const names = TRANSITIONS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('user-signed-up', () => {
  const t = transition('user-signed-up');
  it('fires on a USER insert only', () => {
    expect(t.detect(undefined, user, 'INSERT')).toBe(true);
    expect(t.detect(user, { ...user, name: 'G. Hopper' }, 'MODIFY')).toBe(false);
  });
  it('builds the sign-up from the profile, signedUpAt being createdAt', () => {
    expect(t.build(user, context)).toStrictEqual({
      userId: 'u1',
      email: 'u1@example.com',
      name: 'Grace Hopper',
      signedUpAt: '2026-11-01T09:00:00.000Z',
    });
  });
});

describe('account-deactivated', () => {
  const t = transition('account-deactivated');
  const deactivated = { ...user, status: 'deactivated' } as const;
  it('fires when status goes from active to deactivated', () => {
    expect(t.detect(user, deactivated, 'MODIFY')).toBe(true);
  });
  it('does not fire on an insert already deactivated, nor on edits of a deactivated user', () => {
    expect(t.detect(undefined, deactivated, 'INSERT')).toBe(false);
    expect(t.detect(deactivated, { ...deactivated, name: 'x' }, 'MODIFY')).toBe(false);
  });
  it('dates the deactivation at the commit time of the change', () => {
    expect(t.build(deactivated, context)).toStrictEqual({
      userId: 'u1',
      email: 'u1@example.com',
      name: 'Grace Hopper',
      deactivatedAt: '2026-11-20T12:00:00.000Z',
    });
  });
});

describe('course-registered', () => {
  const t = transition('course-registered');
  it('fires on an ENROLMENT insert only', () => {
    expect(t.detect(undefined, enrolment, 'INSERT')).toBe(true);
    expect(t.detect(enrolment, { ...enrolment, progress: 60 }, 'MODIFY')).toBe(false);
  });
  it('builds the registration', () => {
    expect(t.build(enrolment, context)).toStrictEqual({
      userId: 'u1',
      courseId: 'c1',
      courseTitle: 'Compilers',
      userName: 'Grace Hopper',
      email: 'u1@example.com',
      enrolledAt: '2026-11-02T09:00:00.000Z',
    });
  });
});

describe('course-completed (v2) and course-completed-v1', () => {
  const v2 = transition('course-completed');
  const v1 = transition('course-completed-v1');
  const completed = { ...enrolment, progress: 100, completedAt: '2026-11-19T16:45:10.000Z' };

  it('fires when completedAt is first set', () => {
    expect(v2.detect(enrolment, completed, 'MODIFY')).toBe(true);
    expect(v1.detect(enrolment, completed, 'MODIFY')).toBe(true);
  });
  it('fires on an insert that is already completed', () => {
    expect(v2.detect(undefined, completed, 'INSERT')).toBe(true);
  });
  it('never re-fires on later edits', () => {
    expect(v2.detect(completed, { ...completed, courseTitle: 'Compilers II' }, 'MODIFY')).toBe(false);
    expect(v2.detect(completed, { ...completed, completedAt: '2026-11-21T00:00:00.000Z' }, 'MODIFY')).toBe(
      false,
    );
  });
  it('does not fire on progress alone', () => {
    expect(v2.detect(enrolment, { ...enrolment, progress: 100 }, 'MODIFY')).toBe(false);
  });
  it('v1 is live only while the flag says v1 consumers exist; v2 always', () => {
    expect(v1.enabledWhen?.({ emitCourseCompletedV1: true })).toBe(true);
    expect(v1.enabledWhen?.({ emitCourseCompletedV1: false })).toBe(false);
    expect(v2.enabledWhen).toBeUndefined();
  });
  it('builds v2 with the ISO completion time and v1 with the date and courseName', () => {
    expect(v2.build(completed, context)).toStrictEqual({
      userId: 'u1',
      courseId: 'c1',
      courseTitle: 'Compilers',
      userName: 'Grace Hopper',
      email: 'u1@example.com',
      completedAt: '2026-11-19T16:45:10.000Z',
    });
    expect(v1.build(completed, context)).toStrictEqual({
      userId: 'u1',
      courseId: 'c1',
      courseName: 'Compilers',
      userName: 'Grace Hopper',
      email: 'u1@example.com',
      completionDate: '2026-11-19',
    });
  });
});

describe('course-payment-complete', () => {
  const t = transition('course-payment-complete');
  const complete = { ...payment, status: 'complete', completedAt: '2026-11-03T10:00:00.000Z' } as const;
  it('fires on a modify into complete and on an insert already complete', () => {
    expect(t.detect(payment, complete, 'MODIFY')).toBe(true);
    expect(t.detect({ ...payment, status: 'failed' }, complete, 'MODIFY')).toBe(true);
    expect(t.detect(undefined, complete, 'INSERT')).toBe(true);
  });
  it('does not fire on a pending insert, an edit of a complete payment, or a refund', () => {
    expect(t.detect(undefined, payment, 'INSERT')).toBe(false);
    expect(t.detect(complete, { ...complete, amount: 1300 }, 'MODIFY')).toBe(false);
    expect(t.detect(complete, { ...complete, status: 'refunded' }, 'MODIFY')).toBe(false);
  });
  it('builds the payment, in minor units', () => {
    expect(t.build(complete, context)).toStrictEqual({
      paymentId: 'p1',
      userId: 'u1',
      courseId: 'c1',
      amount: 1250,
      currency: 'EUR',
      completedAt: '2026-11-03T10:00:00.000Z',
      courseTitle: 'Compilers',
      userName: 'Grace Hopper',
      email: 'u1@example.com',
    });
  });
  it('uses the commit time when the item has no completedAt', () => {
    expect(t.build({ ...payment, status: 'complete' }, context)).toMatchObject({
      completedAt: '2026-11-20T12:00:00.000Z',
    });
  });
});

describe('certificate-generated-v2 and certificate-generated (v1)', () => {
  const v2 = transition('certificate-generated-v2');
  const v1 = transition('certificate-generated');
  const certificate = {
    pk: 'USER#u1',
    sk: 'CERTIFICATE#c1',
    entityType: 'CERTIFICATE',
    certificateId: 'cert1',
    userId: 'u1',
    courseId: 'c1',
    objectKey: 'certificates/cert1.pdf',
    downloadUrl: 'https://certificates.example.com/certificates/cert1',
    issuedAt: '2026-11-19T17:00:00.000Z',
    courseTitle: 'Compilers',
    userName: 'Grace Hopper',
    email: 'u1@example.com',
  } as const satisfies PlatformItem;
  const common = {
    certificateId: 'cert1',
    userId: 'u1',
    courseId: 'c1',
    issuedAt: '2026-11-19T17:00:00.000Z',
    courseTitle: 'Compilers',
    userName: 'Grace Hopper',
    email: 'u1@example.com',
  };
  it('fire on insert only', () => {
    for (const t of [v2, v1]) {
      expect(t.detect(undefined, certificate, 'INSERT')).toBe(true);
      expect(t.detect(certificate, { ...certificate, objectKey: 'x.pdf' }, 'MODIFY')).toBe(false);
    }
  });
  it('v2 carries the download address certificate-service wrote into the item, and no object key', () => {
    expect(v2.version).toBe(2);
    expect(v2.build(certificate, context)).toStrictEqual({
      ...common,
      downloadUrl: 'https://certificates.example.com/certificates/cert1',
    });
  });
  it('v2 names the missing downloadUrl of an item written before certificate-service had one', () => {
    const { downloadUrl: _absent, ...older } = certificate;
    expect(() => v2.build(older, context)).toThrow(
      new MalformedRecordError('CERTIFICATE item has no downloadUrl, which its event requires'),
    );
  });
  it('v1 carries the object key, and is on unless switched off', () => {
    expect(v1.version).toBe(1);
    expect(v1.build(certificate, context)).toStrictEqual({ ...common, objectKey: 'certificates/cert1.pdf' });
    expect(v1.enabledWhen?.({ emitCourseCompletedV1: true })).toBe(true);
    expect(v1.enabledWhen?.({ emitCourseCompletedV1: true, emitCertificateGeneratedV1: false })).toBe(false);
  });
});

describe('video-published', () => {
  const t = transition('video-published');
  const ready = { ...video, status: 'ready', outputKey: 'out/v1.m3u8', captionsKey: 'out/v1.vtt' } as const;
  it('fires when status becomes ready, not on edits of a ready video', () => {
    expect(t.detect(video, ready, 'MODIFY')).toBe(true);
    expect(t.detect(ready, { ...ready, title: 'Parsing 2' }, 'MODIFY')).toBe(false);
  });
  it('builds the published video', () => {
    expect(t.build(ready, context)).toStrictEqual({
      videoId: 'v1',
      courseId: 'c1',
      title: 'Parsing',
      outputKey: 'out/v1.m3u8',
      captionsKey: 'out/v1.vtt',
    });
  });
  it('names the missing field when a ready video has no output', () => {
    expect(() => t.build({ ...video, status: 'ready' }, context)).toThrow(
      'VIDEO item has no outputKey, which its event requires',
    );
  });
});

describe('video-processing-failed', () => {
  const t = transition('video-processing-failed');
  const failed = { ...video, status: 'failed', failureReason: 'codec' } as const;
  it('fires when status becomes failed', () => {
    expect(t.detect(video, failed, 'MODIFY')).toBe(true);
    expect(t.detect(failed, { ...failed, failureReason: 'other' }, 'MODIFY')).toBe(false);
    expect(t.detect(video, { ...video, status: 'ready' }, 'MODIFY')).toBe(false);
  });
  it('builds the failure with its reason', () => {
    expect(t.build(failed, context)).toStrictEqual({
      videoId: 'v1',
      courseId: 'c1',
      title: 'Parsing',
      failureReason: 'codec',
    });
  });
});

describe('support-ticket-opened', () => {
  const t = transition('support-ticket-opened');
  const ticket = {
    pk: 'TICKET#t1',
    sk: 'METADATA',
    entityType: 'TICKET',
    ticketId: 't1',
    userId: 'u1',
    subject: 'Help',
    status: 'open',
    openedAt: '2026-11-19T08:00:00.000Z',
  } as const satisfies PlatformItem;
  it('fires on insert only', () => {
    expect(t.detect(undefined, ticket, 'INSERT')).toBe(true);
    expect(t.detect(ticket, { ...ticket, status: 'closed' }, 'MODIFY')).toBe(false);
  });
  it('builds the ticket', () => {
    expect(t.build(ticket, context)).toStrictEqual({
      ticketId: 't1',
      userId: 'u1',
      subject: 'Help',
      openedAt: '2026-11-19T08:00:00.000Z',
    });
  });
});
