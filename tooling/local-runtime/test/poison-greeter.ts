import { createConsumerHandler, localIdempotency } from '@sfe/consumer-toolkit';
import { createEvent, EventType } from '@sfe/events';
import { type DeliverySettings, defineService, IdempotencyConfigShape } from '@sfe/service-definition';
import { z } from 'zod';

/**
 * A consumer built like every service (Powertools batch + parser + idempotency + logger via the toolkit)
 * that cannot greet "Poison" until it is fixed: what the dead-letter tests (runtime and console) fail with.
 */
export function poisonGreeter(name: string, delivery?: Partial<DeliverySettings>) {
  const greeted: string[] = [];
  let broken = true;
  const service = defineService({
    name,
    description: 'greets new users, and fails on one',
    subscriptions: [
      {
        id: 'signups',
        bus: 'platform',
        pattern: { 'detail-type': ['UserSignedUp'] },
        description: 'greets',
        ...(delivery ? { delivery } : {}),
      },
    ],
    config: z.object({ ...IdempotencyConfigShape }),
    localSettings: { IDEMPOTENCY_TABLE_NAME: 'idempotency' },
    local: async () => ({
      createLocalService: (context, config) => ({
        handlers: {
          signups: createConsumerHandler({
            serviceName: name,
            accepts: [EventType.UserSignedUp],
            idempotency: localIdempotency(context, config.IDEMPOTENCY_TABLE_NAME),
            handle: async (event) => {
              if (broken && event.data.name === 'Poison')
                throw new TypeError(`cannot greet ${event.data.name}`);
              greeted.push(event.data.name);
            },
          }),
        },
      }),
    }),
  });
  return {
    service,
    /** The names greeted so far, in order. */
    greeted,
    /** Deploys the fix: "Poison" is greeted from now on. */
    fix: () => {
      broken = false;
    },
  };
}

/** A learner's sign-up, named `name`. */
export function signUpOf(name: string, source = 'sfe-test') {
  return createEvent(
    EventType.UserSignedUp,
    {
      userId: name.toLowerCase(),
      email: `${name.toLowerCase()}@example.com`,
      name,
      signedUpAt: '2026-11-23T10:00:00.000Z',
    },
    { source },
  );
}
