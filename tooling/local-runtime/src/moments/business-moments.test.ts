import type { BlobStore } from '@sfe/blob-store';
import { MemoryTableStore } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { createBusinessMoments, type MomentError } from './business-moments';

const NOW = new Date('2026-11-23T10:00:00.000Z');

function setUp() {
  const table = new MemoryTableStore();
  const puts: [string, number, string][] = [];
  const uploads: BlobStore = {
    bucket: 'video-uploads',
    put: async (key, body, contentType) => {
      puts.push([key, typeof body === 'string' ? body.length : body.byteLength, contentType]);
    },
    get: async () => undefined,
    exists: async () => false,
    signedUrl: async () => '',
  };
  let n = 0;
  const moments = createBusinessMoments({
    table,
    uploads,
    sampleVideo: async () => new Uint8Array(3),
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-00000000000${++n}`,
  });
  return { table, puts, moments };
}

describe('business moments', () => {
  it('writes the items of a sign-up, a purchase and a completion, each with a fresh correlation id', async () => {
    const { table, moments } = setUp();
    await moments.signUp({ userId: 'ada', email: 'ada@example.com', name: 'Ada' });
    await moments.enrol({ userId: 'ada', courseId: 'c-1', courseTitle: 'Events' });
    const paid = await moments.pay({ userId: 'ada', courseId: 'c-1', amount: 4999, paymentId: 'p-1' });
    await moments.completeCourse({ userId: 'ada', courseId: 'c-1' });
    expect(paid).toStrictEqual({
      moment: 'pay',
      correlationId: '00000000-0000-4000-8000-000000000003',
      ids: { userId: 'ada', courseId: 'c-1', paymentId: 'p-1' },
      wrote: ['USER#ada PAYMENT#p-1'],
    });
    expect(table.changes.map((change) => [change.eventName, change.key.sk])).toStrictEqual([
      ['INSERT', 'PROFILE'],
      ['INSERT', 'ENROLMENT#c-1'],
      ['INSERT', 'PAYMENT#p-1'],
      ['MODIFY', 'ENROLMENT#c-1'],
    ]);
    expect(await table.get({ pk: 'USER#ada', sk: 'PAYMENT#p-1' })).toStrictEqual({
      pk: 'USER#ada',
      sk: 'PAYMENT#p-1',
      entityType: 'PAYMENT',
      paymentId: 'p-1',
      userId: 'ada',
      courseId: 'c-1',
      amount: 4999,
      currency: 'GBP',
      status: 'complete',
      completedAt: NOW.toISOString(),
      courseTitle: 'Events',
      userName: 'Ada',
      email: 'ada@example.com',
      correlationId: '00000000-0000-4000-8000-000000000003',
    });
    expect((await table.get({ pk: 'USER#ada', sk: 'ENROLMENT#c-1' }))?.completedAt).toBe(NOW.toISOString());
  });

  it('refuses what cannot happen, with the HTTP status to answer', async () => {
    const { moments } = setUp();
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: MomentError) => [error.status, error.message],
      );
    expect(await refusal(moments.signUp({ email: 'not-an-email', name: 'X' }))).toStrictEqual([
      400,
      'invalid input: email: Invalid email address',
    ]);
    expect(
      await refusal(moments.enrol({ userId: 'nobody', courseId: 'c-1', courseTitle: 'T' })),
    ).toStrictEqual([404, 'no user nobody: sign up first']);
    await moments.signUp({ userId: 'ada', email: 'ada@example.com', name: 'Ada' });
    expect(
      await refusal(moments.signUp({ userId: 'ada', email: 'ada@example.com', name: 'Ada' })),
    ).toStrictEqual([409, 'sign-up: user ada exists']);
    await moments.enrol({ userId: 'ada', courseId: 'c-1', courseTitle: 'T' });
    await moments.completeCourse({ userId: 'ada', courseId: 'c-1' });
    expect(await refusal(moments.completeCourse({ userId: 'ada', courseId: 'c-1' }))).toStrictEqual([
      409,
      'complete-course: ada already completed c-1',
    ]);
    await moments.deactivate({ userId: 'ada' });
    expect(await refusal(moments.deactivate({ userId: 'ada' }))).toStrictEqual([
      409,
      'deactivate: ada is not active',
    ]);
  });

  it('refuses a NUL or a lone surrogate in any text with a 400 naming the field, and writes nothing', async () => {
    const { table, moments } = setUp();
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: MomentError) => [error.status, error.message],
      );
    const refused = 'must not contain NUL (U+0000) or unpaired surrogates (U+D800-U+DFFF)';
    expect(await refusal(moments.signUp({ email: 'eve@example.com', name: 'Eve\u0000' }))).toStrictEqual([
      400,
      `invalid input: name: ${refused}`,
    ]);
    expect(await refusal(moments.signUp({ email: 'eve@example.com', name: '\ud800' }))).toStrictEqual([
      400,
      `invalid input: name: ${refused}`,
    ]);
    expect(await refusal(moments.signUp({ email: 'eve@example.com', name: 'Eve\udc00x' }))).toStrictEqual([
      400,
      `invalid input: name: ${refused}`,
    ]);
    await moments.signUp({ userId: 'eve', email: 'eve@example.com', name: 'Ève 🦉 أ' });
    expect(
      await refusal(moments.enrol({ userId: 'eve', courseId: 'c-1', courseTitle: 'T\u0000' })),
    ).toStrictEqual([400, `invalid input: courseTitle: ${refused}`]);
    expect(await refusal(moments.openTicket({ userId: 'eve', subject: '\udfff' }))).toStrictEqual([
      400,
      `invalid input: subject: ${refused}`,
    ]);
    expect(table.changes.map((change) => change.newImage?.name)).toStrictEqual(['Ève 🦉 أ']);
  });

  it('refunds a complete payment once, and refuses an unknown one', async () => {
    const { table, moments } = setUp();
    await moments.signUp({ userId: 'ada', email: 'ada@example.com', name: 'Ada' });
    await moments.enrol({ userId: 'ada', courseId: 'c-1', courseTitle: 'Events' });
    await moments.pay({ userId: 'ada', courseId: 'c-1', amount: 4999, paymentId: 'p-1' });
    expect(await moments.refund({ userId: 'ada', paymentId: 'p-1' })).toStrictEqual({
      moment: 'refund',
      correlationId: '00000000-0000-4000-8000-000000000004',
      ids: { userId: 'ada', paymentId: 'p-1' },
      wrote: ['USER#ada PAYMENT#p-1'],
    });
    expect((await table.get({ pk: 'USER#ada', sk: 'PAYMENT#p-1' }))?.status).toBe('refunded');
    const refused = (input: unknown) =>
      moments.refund(input).then(
        () => undefined,
        (error: MomentError) => [error.status, error.message],
      );
    expect(await refused({ userId: 'ada', paymentId: 'p-1' })).toStrictEqual([
      409,
      'refund: payment p-1 is not complete',
    ]);
    expect(await refused({ userId: 'ada', paymentId: 'p-9' })).toStrictEqual([404, 'no payment p-9 of ada']);
  });

  it('uploads a video (and its transcript first) under the key the pipeline listens to', async () => {
    const { puts, moments } = setUp();
    const result = await moments.uploadVideo({ courseId: 'c-1', videoId: 'intro', transcript: 'Hello.' });
    expect(puts).toStrictEqual([
      ['uploads/c-1/intro.txt', 6, 'text/plain; charset=utf-8'],
      ['uploads/c-1/intro.mp4', 3, 'video/mp4'],
    ]);
    expect(result.wrote).toStrictEqual([
      'video-uploads/uploads/c-1/intro.txt',
      'video-uploads/uploads/c-1/intro.mp4',
    ]);
  });

  it('opens a ticket for an existing user', async () => {
    const { table, moments } = setUp();
    await moments.signUp({ userId: 'ada', email: 'ada@example.com', name: 'Ada' });
    const opened = await moments.openTicket({
      userId: 'ada',
      subject: 'Where is my certificate?',
      ticketId: 't-1',
    });
    expect(opened.wrote).toStrictEqual(['TICKET#t-1 METADATA']);
    expect((await table.get({ pk: 'TICKET#t-1', sk: 'METADATA' }))?.status).toBe('open');
  });
});
