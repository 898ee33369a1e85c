import {
  IdempotencyConfig,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { MemoryTableStore } from '@sfe/records';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDEMPOTENCY_RECORD_SK, TableStorePersistenceLayer } from './table-store-persistence-layer';

const START = new Date('2026-11-23T10:00:00.000Z');
const payload = { metadata: { id: '0b8f3a8e-1c1d-4e8f-9a55-2f4c6c1d7e01' } };

function createLayer(config: Partial<ConstructorParameters<typeof IdempotencyConfig>[0]> = {}) {
  const store = new MemoryTableStore();
  const layer = new TableStorePersistenceLayer({ store });
  layer.configure({
    config: new IdempotencyConfig({ eventKeyJmesPath: 'metadata.id', expiresAfterSeconds: 3600, ...config }),
    keyPrefix: 'test-service',
  });
  return { store, layer };
}

async function onlyItem(store: MemoryTableStore) {
  const [change] = store.changes.slice(-1);
  return change ? store.get(change.key) : undefined;
}

describe('TableStorePersistenceLayer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stores an in-progress record with the attributes DynamoDBPersistenceLayer uses', async () => {
    const { store, layer } = createLayer();
    await layer.saveInProgress(payload, 30_000);
    const item = await onlyItem(store);
    expect(item).toStrictEqual({
      pk: expect.stringMatching(/^test-service#/),
      sk: IDEMPOTENCY_RECORD_SK,
      status: 'INPROGRESS',
      expiration: START.getTime() / 1000 + 3600,
      in_progress_expiration: START.getTime() + 30_000,
    });
  });

  it('refuses a second in-progress record for the same key and returns the existing one', async () => {
    const { layer } = createLayer();
    await layer.saveInProgress(payload, 30_000);
    const error = await layer.saveInProgress(payload, 30_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
    expect((error as IdempotencyItemAlreadyExistsError).existingRecord?.getStatus()).toBe('INPROGRESS');
  });

  it('replaces an in-progress record whose invocation ran out of time (crash or timeout)', async () => {
    const { layer } = createLayer();
    await layer.saveInProgress(payload, 30_000);
    vi.setSystemTime(START.getTime() + 30_001);
    await expect(layer.saveInProgress(payload, 30_000)).resolves.toBeUndefined();
    const record = await layer.getRecord(payload);
    expect(record.inProgressExpiryTimestamp).toBe(START.getTime() + 30_001 + 30_000);
  });

  it('refuses to replace a completed record until it expires, then replaces it', async () => {
    const { layer } = createLayer({ expiresAfterSeconds: 60 });
    await layer.saveInProgress(payload, 30_000);
    await layer.saveSuccess(payload, { done: true });
    vi.setSystemTime(START.getTime() + 59_000);
    await expect(layer.saveInProgress(payload, 30_000)).rejects.toBeInstanceOf(
      IdempotencyItemAlreadyExistsError,
    );
    vi.setSystemTime(START.getTime() + 61_000);
    await expect(layer.saveInProgress(payload, 30_000)).resolves.toBeUndefined();
  });

  it('marks a record completed with its response data', async () => {
    const { layer } = createLayer();
    await layer.saveInProgress(payload, 30_000);
    await layer.saveSuccess(payload, { certificateId: 'c-1' });
    const record = await layer.getRecord(payload);
    expect(record.getStatus()).toBe('COMPLETED');
    expect(record.getResponse()).toStrictEqual({ certificateId: 'c-1' });
    expect(record.expiryTimestamp).toBe(START.getTime() / 1000 + 3600);
  });

  it('deletes a record so the event can be handled again', async () => {
    const { layer } = createLayer();
    await layer.saveInProgress(payload, 30_000);
    await layer.deleteRecord(payload);
    await expect(layer.getRecord(payload)).rejects.toBeInstanceOf(IdempotencyItemNotFoundError);
    await expect(layer.saveInProgress(payload, 30_000)).resolves.toBeUndefined();
  });

  it('lets exactly one of two racing invocations take an expired record', async () => {
    const { layer } = createLayer();
    await layer.saveInProgress(payload, 1_000);
    vi.setSystemTime(START.getTime() + 5_000);
    const results = await Promise.allSettled([
      layer.saveInProgress(payload, 30_000),
      layer.saveInProgress(payload, 30_000),
    ]);
    expect(results.map((r) => r.status).sort()).toStrictEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(IdempotencyItemAlreadyExistsError);
  });

  it('keeps records of different keys apart', async () => {
    const { layer } = createLayer();
    await layer.saveInProgress(payload, 30_000);
    const other = { metadata: { id: '5e0c3c1a-7a5b-4f0e-8d7c-9b6a5f4e3d21' } };
    await expect(layer.saveInProgress(other, 30_000)).resolves.toBeUndefined();
  });

  it('stores and checks the payload hash when payload validation is on', async () => {
    const { store, layer } = createLayer({ payloadValidationJmesPath: 'data' });
    const withData = { ...payload, data: { amount: 1 } };
    await layer.saveInProgress(withData, 30_000);
    await layer.saveSuccess(withData, null);
    expect((await onlyItem(store))?.validation).toEqual(expect.any(String));
    await expect(layer.getRecord({ ...payload, data: { amount: 2 } })).rejects.toThrow(
      'Payload does not match stored record',
    );
  });
});
