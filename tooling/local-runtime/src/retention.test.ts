import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EVENT_ARCHIVE_RETENTION_DAYS } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from './env';
import { DEFAULT_ARCHIVE_RETENTION_DAYS } from './retention';

describe('DEFAULT_ARCHIVE_RETENTION_DAYS', () => {
  it("is the non-production archive retention of @sfe/events, which infra's stage config reads too", async () => {
    expect(DEFAULT_ARCHIVE_RETENTION_DAYS).toBe(EVENT_ARCHIVE_RETENTION_DAYS.other);
    const root = findWorkspaceRoot(import.meta.dirname) as string;
    const config = await readFile(join(root, 'infra/cdk/stage-config.ts'), 'utf8');
    expect(config).toContain('eventRetention: Duration.days(eventArchiveRetentionDays(production))');
  });
});
