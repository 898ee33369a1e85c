import { loadFixture } from '@sfe/events/fixtures';
import { keys, type PaymentItem, type UserItem } from '@sfe/records';

/**
 * The platform table as the example events (`@sfe/events/fixtures`) describe it: their learner, active, and
 * their payment, complete. A consumer of light events calls back for its subjects' current state; with these
 * stored, the fixtures' call-backs find them (the conformance kit stores them before each test).
 */
export function fixturePlatformItems(): [UserItem, PaymentItem] {
  const learner = loadFixture('UserSignedUp').detail.data;
  const payment = loadFixture('CoursePaymentComplete').detail.data;
  return [
    {
      ...keys.user(learner.userId),
      entityType: 'USER',
      userId: learner.userId,
      email: learner.email,
      name: learner.name,
      status: 'active',
      createdAt: learner.signedUpAt,
    },
    {
      ...keys.payment(payment.userId, payment.paymentId),
      entityType: 'PAYMENT',
      ...payment,
      status: 'complete',
    },
  ];
}
