import { startTestLocalService } from '@sfe/consumer-toolkit/testing';
import { keys, type UserItem } from '@sfe/records';
import { afterEach, describe, expect, it } from 'vitest';
import { service } from './service';

const user: UserItem = {
  ...keys.user('ada'),
  entityType: 'USER',
  userId: 'ada',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  status: 'active',
  createdAt: '2026-12-01T09:00:00.000Z',
};

let remove: (() => Promise<void>) | undefined;
afterEach(async () => {
  await remove?.();
});

describe('platform-api in the local runtime', () => {
  it("serves the API's paths from the local platform table, and leaves other paths to the runtime", async () => {
    const local = await startTestLocalService(service);
    remove = local.remove;
    await local.platformTable.transact([{ kind: 'put', item: user }]);
    const { http } = local;
    expect(await http?.({ method: 'GET', path: '/users/ada' })).toStrictEqual({
      status: 200,
      body: {
        userId: 'ada',
        email: 'ada@example.com',
        name: 'Ada Lovelace',
        status: 'active',
        createdAt: '2026-12-01T09:00:00.000Z',
      },
    });
    expect(await http?.({ method: 'GET', path: '/users/grace/payments/p-1' })).toStrictEqual({
      status: 404,
      body: { error: 'no payment at /users/grace/payments/p-1' },
    });
    expect(await http?.({ method: 'GET', path: '/moments' })).toBeUndefined();
    expect(local.handlers).toStrictEqual({});
  });
});
