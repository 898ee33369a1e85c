import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import {
  CertificateItemSchema,
  ENTITY_TYPES,
  EnrolmentItemSchema,
  isAcceptedText,
  PaymentItemSchema,
  PlatformItemSchema,
  PlatformText,
  TicketItemSchema,
  toAcceptedText,
  UserItemSchema,
  VideoItemSchema,
} from './items';
import { keys } from './keys';

const user = {
  ...keys.user('user-7f3c9a'),
  entityType: 'USER',
  userId: 'user-7f3c9a',
  email: 'ada.lovelace@example.com',
  name: 'Ada Lovelace',
  status: 'active',
  createdAt: '2026-11-23T08:59:58.901Z',
};
const enrolment = {
  ...keys.enrolment('user-7f3c9a', 'course-eda-101'),
  entityType: 'ENROLMENT',
  userId: 'user-7f3c9a',
  courseId: 'course-eda-101',
  courseTitle: 'Event-Driven Architecture on AWS',
  userName: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
  enrolledAt: '2026-11-23T09:12:39.120Z',
  progress: 40,
  correlationId: '4d6f8a0b-3c5e-4f7a-8b9c-0d1e2f3a4b5c',
};
const payment = {
  ...keys.payment('user-7f3c9a', 'pay-5b21e0'),
  entityType: 'PAYMENT',
  paymentId: 'pay-5b21e0',
  userId: 'user-7f3c9a',
  courseId: 'course-eda-101',
  amount: 4999,
  currency: 'GBP',
  status: 'complete',
  completedAt: '2026-11-23T09:12:40.455Z',
  courseTitle: 'Event-Driven Architecture on AWS',
  userName: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
};
const certificate = {
  ...keys.certificate('user-7f3c9a', 'course-eda-101'),
  entityType: 'CERTIFICATE',
  certificateId: 'cert-3e91d7',
  userId: 'user-7f3c9a',
  courseId: 'course-eda-101',
  objectKey: 'certificates/cert-3e91d7.pdf',
  downloadUrl: 'https://certificates.example.com/certificates/cert-3e91d7',
  issuedAt: '2026-12-04T16:20:07.995Z',
  courseTitle: 'Event-Driven Architecture on AWS',
  userName: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
  correlationId: '6e8a0c2e-4a6c-4e8a-9c0e-2a4c6e8a0c13',
  causationId: 'd4f6a8c0-2e4a-4c6e-8a0c-4e6a8c0e2a35',
};
const video = {
  ...keys.video('video-91ab2c'),
  entityType: 'VIDEO',
  videoId: 'video-91ab2c',
  courseId: 'course-eda-101',
  title: 'Lecture 3: Change Data Capture',
  status: 'transcribing',
  sourceKey: 'uploads/video-91ab2c/lecture-3.mov',
};
const ticket = {
  ...keys.ticket('ticket-6c2f81'),
  entityType: 'TICKET',
  ticketId: 'ticket-6c2f81',
  userId: 'user-7f3c9a',
  subject: 'My certificate shows my maiden name',
  status: 'open',
  openedAt: '2026-11-25T14:30:16.842Z',
};

function pathsOf(schema: z.ZodMiniType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('item schemas', () => {
  it.each<[string, z.ZodMiniType, Record<string, unknown>]>([
    ['USER', UserItemSchema, user],
    ['ENROLMENT', EnrolmentItemSchema, enrolment],
    ['PAYMENT', PaymentItemSchema, payment],
    ['CERTIFICATE', CertificateItemSchema, certificate],
    ['VIDEO', VideoItemSchema, video],
    ['TICKET', TicketItemSchema, ticket],
  ])('%s accepts a valid item and rejects it without each required attribute', (_, schema, item) => {
    expect(schema.parse(item)).toStrictEqual(item);
    expect(PlatformItemSchema.parse(item)).toStrictEqual(item);
    // downloadUrl: certificates written before certificate-service owned a download address have none.
    const optional = ['correlationId', 'causationId', 'completedAt', 'avatarUrl', 'downloadUrl'];
    for (const attribute of Object.keys(item).filter((a) => !optional.includes(a))) {
      const { [attribute]: _removed, ...rest } = item;
      expect(pathsOf(schema, rest), attribute).toStrictEqual([attribute]);
    }
  });

  it.each<[string, z.ZodMiniType, Record<string, unknown>, string[]]>([
    ['a user with a malformed email', UserItemSchema, { ...user, email: 'ada@' }, ['email']],
    ['a user with an unknown status', UserItemSchema, { ...user, status: 'banned' }, ['status']],
    [
      'an enrolment with progress over 100',
      EnrolmentItemSchema,
      { ...enrolment, progress: 101 },
      ['progress'],
    ],
    [
      'an enrolment with negative progress',
      EnrolmentItemSchema,
      { ...enrolment, progress: -1 },
      ['progress'],
    ],
    [
      'an enrolment with a date-only completedAt',
      EnrolmentItemSchema,
      { ...enrolment, completedAt: '2026-12-04' },
      ['completedAt'],
    ],
    ['a payment with a fractional amount', PaymentItemSchema, { ...payment, amount: 49.99 }, ['amount']],
    ['a payment with a lowercase currency', PaymentItemSchema, { ...payment, currency: 'gbp' }, ['currency']],
    ['a payment with an unknown status', PaymentItemSchema, { ...payment, status: 'paid' }, ['status']],
    ['a video with an unknown status', VideoItemSchema, { ...video, status: 'done' }, ['status']],
    ['a ticket with an empty subject', TicketItemSchema, { ...ticket, subject: '' }, ['subject']],
    [
      'an item whose correlationId is not a UUID',
      CertificateItemSchema,
      { ...certificate, correlationId: 'c1' },
      ['correlationId'],
    ],
    ['an item with an empty sk', UserItemSchema, { ...user, sk: '' }, ['sk']],
    [
      'a certificate whose downloadUrl is not http(s)',
      CertificateItemSchema,
      { ...certificate, downloadUrl: 'javascript:alert(1)' },
      ['downloadUrl'],
    ],
  ])('rejects %s', (_, schema, item, paths) => {
    expect(pathsOf(schema, item)).toStrictEqual(paths);
  });

  it.each<[string, z.ZodMiniType, Record<string, unknown>]>([
    ['USER', UserItemSchema, user],
    ['ENROLMENT', EnrolmentItemSchema, enrolment],
    ['PAYMENT', PaymentItemSchema, payment],
    ['CERTIFICATE', CertificateItemSchema, certificate],
    ['VIDEO', VideoItemSchema, video],
    ['TICKET', TicketItemSchema, ticket],
  ])('%s refuses a NUL or a lone surrogate in every text attribute, naming it', (_, schema, item) => {
    for (const [attribute, value] of Object.entries(item)) {
      if (typeof value !== 'string') continue;
      for (const bad of [`${value}\u0000`, `\ud800${value}`, `${value}\udc00`]) {
        expect(
          pathsOf(schema, { ...item, [attribute]: bad }),
          `${attribute}: ${JSON.stringify(bad)}`,
        ).toStrictEqual([attribute]);
      }
    }
  });

  it('accepts any other Unicode text: paired surrogates (emoji), combining marks, right-to-left, controls', () => {
    const name = 'Zoë 🦉 Ǆ e\u0301 عائشة \t\u007f\uffff';
    expect(isAcceptedText(name)).toBe(true);
    expect(toAcceptedText(name)).toBe(name);
    expect(toAcceptedText('a\u0000b\ud800c\udc00\ud83e\udd89')).toBe('a\ufffdb\ufffdc\ufffd🦉');
    expect(UserItemSchema.parse({ ...user, name }).name).toBe(name);
    expect(PlatformText.safeParse('Eve\u0000').error?.issues.map((issue) => issue.message)).toStrictEqual([
      'must not contain NUL (U+0000) or unpaired surrogates (U+D800-U+DFFF)',
    ]);
  });

  it('discriminates on entityType', () => {
    expect(PlatformItemSchema.parse(video).entityType).toBe('VIDEO');
    expect(pathsOf(PlatformItemSchema, { ...video, entityType: 'COURSE' })).toStrictEqual(['entityType']);
    // A USER-shaped item labelled as a TICKET is judged as a TICKET.
    expect(pathsOf(PlatformItemSchema, { ...user, entityType: 'TICKET' })).toStrictEqual([
      'ticketId',
      'subject',
      'status',
      'openedAt',
    ]);
  });

  it('lists every entity type in ENTITY_TYPES', () => {
    expect(ENTITY_TYPES).toStrictEqual(
      [user, enrolment, payment, certificate, video, ticket].map((item) => item.entityType),
    );
  });
});
