import { loadFixture } from '@sfe/events/fixtures';
import { PaymentItemSchema, UserItemSchema } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { createTestLocalContext } from './local-context';
import { fixturePlatformItems } from './platform-items';

describe('fixturePlatformItems', () => {
  it("holds the fixtures' learner (active) and the payment the light PaymentCompleted names (complete)", () => {
    const [user, payment] = fixturePlatformItems();
    expect(UserItemSchema.parse(user)).toStrictEqual(user);
    expect(PaymentItemSchema.parse(payment)).toStrictEqual(payment);
    const light = loadFixture('PaymentCompleted').detail.data;
    expect([user.userId, user.status]).toStrictEqual([light.userId, 'active']);
    expect([payment.userId, payment.paymentId, payment.status]).toStrictEqual([
      light.userId,
      light.paymentId,
      'complete',
    ]);
  });

  it('is what a test local context stores from the start when asked', async () => {
    const local = await createTestLocalContext({ platformItems: fixturePlatformItems() });
    try {
      const [user] = fixturePlatformItems();
      expect(await local.context.platformTable.get({ pk: user.pk, sk: user.sk })).toStrictEqual(user);
    } finally {
      await local.remove();
    }
  });
});
