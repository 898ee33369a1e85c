import type { LocalContext } from '@sfe/consumer-toolkit';
import {
  createTestLambdaContext,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { MemoryTableStore } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { userSignedUp } from '../test/events';
import { readReport } from './domain/report';
import { createLocalHandlers } from './local';
import { LOCAL_REPORTING_TABLE } from './local-table';
import { subscriptions } from './subscription';

describe('createLocalHandlers', () => {
  it("counts into the local store's reporting table and says so", async () => {
    const tables = new Map<string, MemoryTableStore>();
    const reported: string[] = [];
    const context: LocalContext = {
      platformTable: new MemoryTableStore(),
      table: (name) => {
        const table = tables.get(name) ?? new MemoryTableStore();
        tables.set(name, table);
        return table;
      },
      bucket: () => {
        throw new Error('reporting uses no bucket');
      },
      outboxDirectory: () => '/nowhere',
      fetchClaimCheck: async () => new Uint8Array(),
      now: () => new Date('2026-11-24T12:00:00.000Z'),
      settings: {},
      report: (line) => reported.push(line),
    };
    const handlers = createLocalHandlers(context);
    expect(Object.keys(handlers)).toStrictEqual(subscriptions.map((s) => s.id));

    const response = await handlers['reported-events']?.(
      toSqsEvent([toSqsRecord(toEventBridgeEvent(userSignedUp('u-1')), { messageId: 'm-1' })]),
      createTestLambdaContext({ functionName: 'reporting-service-reported-events' }),
    );

    expect(response).toStrictEqual({ batchItemFailures: [] });
    const reporting = tables.get(LOCAL_REPORTING_TABLE);
    expect(reporting && (await readReport(reporting)).signupsPerDay).toStrictEqual([
      { day: '2026-11-23', signups: 1 },
    ]);
    expect(reported).toStrictEqual(['reporting-service: UserSignedUp counted']);
  });
});
