import { ConditionFailedError, type ItemKey, type TableStore } from '@sfe/records';
import * as z from 'zod/mini';
import { normaliseAddress, type Suppression } from '../domain/suppression';

/**
 * The addresses email-service no longer mails (permanent bounces and complaints), in the table it owns:
 * DynamoDB in AWS (`createDynamoTableStore`), the local runtime's store locally (`context.table`).
 */
export interface SuppressionList {
  /** The address's suppression, if it has one (the address is normalised first). */
  find(address: string): Promise<Suppression | undefined>;
  /**
   * Records a suppression once: an address already suppressed keeps its first record (a redelivered event,
   * or a complaint after a bounce), and the answer says which happened.
   */
  suppress(suppression: Suppression): Promise<'suppressed' | 'already-suppressed'>;
}

const SUPPRESSION_SK = 'SUPPRESSION';

/** A stored suppression; an item that does not read as one fails loudly rather than letting mail through. */
const SuppressionItemSchema = z.object({
  address: z.string().check(z.minLength(1)),
  reason: z.enum(['bounce', 'complaint']),
  feedbackId: z.string(),
  messageId: z.string(),
  suppressedAt: z.string(),
});

/** `pk=ADDRESS#<normalised address> sk=SUPPRESSION`: one item per address. */
export function suppressionKey(address: string): ItemKey {
  return { pk: `ADDRESS#${normaliseAddress(address)}`, sk: SUPPRESSION_SK };
}

/** The suppression list over a `TableStore` (conditional put: safe under at-least-once delivery). */
export function createTableSuppressionList(store: TableStore): SuppressionList {
  return {
    async find(address) {
      const item = await store.get(suppressionKey(address));
      return item ? SuppressionItemSchema.parse(item) : undefined;
    },
    async suppress(suppression) {
      const address = normaliseAddress(suppression.address);
      try {
        await store.transact([
          {
            kind: 'put',
            item: { ...suppressionKey(address), ...suppression, address },
            condition: { kind: 'notExists' },
          },
        ]);
        return 'suppressed';
      } catch (error) {
        if (error instanceof ConditionFailedError) return 'already-suppressed';
        throw error;
      }
    },
  };
}
