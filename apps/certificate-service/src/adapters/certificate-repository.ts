import {
  type CertificateItem,
  ConditionFailedError,
  type Item,
  keys,
  putItem,
  type TableStore,
} from '@sfe/records';

/** Certificate items in the platform table, through `TableStore` (DynamoDB in AWS, the local store locally). */
export interface CertificateRepository {
  exists(userId: string, courseId: string): Promise<boolean>;
  /** Writes the item unless one exists: `created` for the first write, `exists` when another won. */
  create(item: CertificateItem): Promise<'created' | 'exists'>;
}

export function createCertificateRepository(table: TableStore): CertificateRepository {
  return {
    async exists(userId, courseId) {
      return (await table.get(keys.certificate(userId, courseId))) !== undefined;
    },
    async create(item) {
      try {
        // The item's INSERT is what the stream processor turns into CertificateGenerated: exactly one.
        await putItem(table, item as Item, { kind: 'notExists' });
        return 'created';
      } catch (error) {
        if (error instanceof ConditionFailedError) return 'exists';
        throw error;
      }
    },
  };
}
