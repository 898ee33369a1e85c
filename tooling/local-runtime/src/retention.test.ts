import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from './env';
import { DEFAULT_ARCHIVE_RETENTION_DAYS } from './retention';

describe('DEFAULT_ARCHIVE_RETENTION_DAYS', () => {
  it("is the dev stage's archive retention in infra's stage config", async () => {
    const root = findWorkspaceRoot(import.meta.dirname) as string;
    const config = await readFile(join(root, 'infra/cdk/stage-config.ts'), 'utf8');
    const nonProduction = /eventRetention: Duration\.days\(production \? \d+ : (\d+)\)/.exec(config)?.[1];
    expect(Number(nonProduction)).toBe(DEFAULT_ARCHIVE_RETENTION_DAYS);
  });
});
