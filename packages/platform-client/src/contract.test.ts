import { keys, MemoryTableStore, type PaymentItem, type UserItem } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { createTableReader, type PlatformResource, parsePlatformPath, platformPath } from './contract';

const user: UserItem = {
  ...keys.user('u-1'),
  entityType: 'USER',
  userId: 'u-1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  status: 'active',
  createdAt: '2026-12-01T09:00:00.000Z',
  correlationId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
};
const payment: PaymentItem = {
  ...keys.payment('u-1', 'p-1'),
  entityType: 'PAYMENT',
  paymentId: 'p-1',
  userId: 'u-1',
  courseId: 'c-1',
  amount: 4999,
  currency: 'GBP',
  status: 'refunded',
  completedAt: '2026-12-05T10:00:00.000Z',
  courseTitle: 'EDA',
  userName: 'Ada Lovelace',
  email: 'ada@example.com',
};

describe('platformPath and parsePlatformPath', () => {
  it.each<[PlatformResource, string]>([
    [{ kind: 'user', userId: 'u-1' }, '/users/u-1'],
    [{ kind: 'enrolment', userId: 'u-1', courseId: 'eda 101' }, '/users/u-1/enrolments/eda%20101'],
    [{ kind: 'payment', userId: 'a/b', paymentId: 'p#1' }, '/users/a%2Fb/payments/p%231'],
  ])('addresses %j at %s, and reads it back', (resource, path) => {
    expect(platformPath(resource)).toBe(path);
    expect(parsePlatformPath(path)).toStrictEqual(resource);
  });

  it.each(['/', '/users', '/users/', '/users/u-1/tickets/t-1', '/users/u-1/payments', '/users/%E0%A4%A'])(
    'names nothing at %s',
    (path) => {
      expect(parsePlatformPath(path)).toBeUndefined();
    },
  );
});

describe('createTableReader', () => {
  it('reads the current state from the table, as views without keys or correlation', async () => {
    const store = new MemoryTableStore();
    await store.transact([
      { kind: 'put', item: user },
      { kind: 'put', item: payment },
    ]);
    const reader = createTableReader(store);
    expect(await reader.getUser('u-1')).toStrictEqual({
      userId: 'u-1',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      status: 'active',
      createdAt: '2026-12-01T09:00:00.000Z',
    });
    expect(await reader.getPayment('u-1', 'p-1')).toStrictEqual({
      paymentId: 'p-1',
      userId: 'u-1',
      courseId: 'c-1',
      amount: 4999,
      currency: 'GBP',
      status: 'refunded',
      completedAt: '2026-12-05T10:00:00.000Z',
    });
    expect(await reader.getEnrolment('u-1', 'c-1')).toBeUndefined();
    expect(await reader.getUser('u-2')).toBeUndefined();
  });
});
