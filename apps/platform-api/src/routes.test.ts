import { parsePlatformPath } from '@sfe/platform-client';
import { keys, MemoryTableStore, type UserItem } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { handlePlatformApiRequest, PLATFORM_API_ROUTES } from './routes';

const user: UserItem = {
  ...keys.user('u-1'),
  entityType: 'USER',
  userId: 'u-1',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  status: 'deactivated',
  createdAt: '2026-12-01T09:00:00.000Z',
};

describe('handlePlatformApiRequest', () => {
  it("answers a user's current state", async () => {
    const store = new MemoryTableStore();
    await store.transact([{ kind: 'put', item: user }]);
    expect(await handlePlatformApiRequest(store, { method: 'GET', path: '/users/u-1' })).toStrictEqual({
      status: 200,
      body: {
        userId: 'u-1',
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        status: 'deactivated',
        createdAt: '2026-12-01T09:00:00.000Z',
      },
    });
  });

  it.each([
    ['GET', '/users/u-2', 404, 'no user at /users/u-2'],
    ['GET', '/users/u-1/enrolments/c-1', 404, 'no enrolment at /users/u-1/enrolments/c-1'],
    ['GET', '/tables/reporting', 404, 'no resource at /tables/reporting'],
    ['POST', '/users/u-1', 405, 'POST is not allowed: the platform API is read-only'],
  ])('%s %s answers %i', async (method, path, status, error) => {
    const store = new MemoryTableStore();
    await store.transact([{ kind: 'put', item: user }]);
    expect(await handlePlatformApiRequest(store, { method, path })).toStrictEqual({
      status,
      body: { error },
    });
  });
});

describe('PLATFORM_API_ROUTES', () => {
  it('names exactly the paths the client builds and the route table answers', () => {
    const sample = (route: string) => route.replace(/^GET /, '').replace(/\{(\w+)\}/g, 'x-$1');
    expect(PLATFORM_API_ROUTES.map((route) => parsePlatformPath(sample(route)))).toStrictEqual([
      { kind: 'user', userId: 'x-userId' },
      { kind: 'enrolment', userId: 'x-userId', courseId: 'x-courseId' },
      { kind: 'payment', userId: 'x-userId', paymentId: 'x-paymentId' },
    ]);
  });
});
