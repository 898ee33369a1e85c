import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { MemoryTableStore } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { LOCAL_IDEMPOTENCY_TABLE, localIdempotency } from './local-idempotency';

describe('localIdempotency', () => {
  it("keeps records in the local runtime's idempotency table", async () => {
    const tables = new Map<string, MemoryTableStore>();
    const table = (name: string) => {
      const existing = tables.get(name);
      if (existing) return existing;
      const created = new MemoryTableStore();
      tables.set(name, created);
      return created;
    };
    const { persistenceStore } = localIdempotency({ table }, LOCAL_IDEMPOTENCY_TABLE);
    persistenceStore.configure({
      config: new IdempotencyConfig({ eventKeyJmesPath: 'id' }),
      keyPrefix: 'svc',
    });
    await persistenceStore.saveInProgress({ id: 'e-1' }, 1000);
    expect([...tables.keys()]).toStrictEqual([LOCAL_IDEMPOTENCY_TABLE]);
    expect(tables.get(LOCAL_IDEMPOTENCY_TABLE)?.changes).toHaveLength(1);
  });
});
