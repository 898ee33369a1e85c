import { startTestLocalService, type TestLocalService } from '@sfe/consumer-toolkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { userSignedUp } from '../test/events';
import { readReport } from './domain/report';
import { LOCAL_REPORTING_TABLE } from './local-table';
import { service } from './service';

describe('createLocalService', () => {
  let local: TestLocalService | undefined;
  afterEach(() => local?.remove());

  it("counts into the local store's reporting table and says so", async () => {
    local = await startTestLocalService(service, { now: '2026-11-24T12:00:00.000Z' });
    expect(await local.deliver('reported-events', [userSignedUp('u-1')])).toStrictEqual([]);
    const reporting = local.tables.get(LOCAL_REPORTING_TABLE);
    expect(reporting && (await readReport(reporting)).signupsPerDay).toStrictEqual([
      { day: '2026-11-23', signups: 1 },
    ]);
    expect(local.reported).toStrictEqual(['reporting-service: UserSignedUp counted']);
  });
});
