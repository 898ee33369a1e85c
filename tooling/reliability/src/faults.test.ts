import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFaults } from './faults';

describe('fault injection (short run; `pnpm faults` is the long one)', () => {
  it('loses no side effect, duplicates none and dead-letters every poison event with its reason, through SIGKILLs and failing adapters', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sfe-faults-test-'));
    try {
      const report = await runFaults({
        flows: 6,
        kills: 1,
        faultRate: 0.15,
        poison: 1,
        dataDirectory: directory,
      });
      expect(
        report.effects.filter((effect) => effect.found !== effect.expected || effect.duplicates > 0),
      ).toStrictEqual([]);
      expect(report.effects.length).toBe(13);
      expect({
        lost: report.lost,
        duplicates: report.duplicates,
        crashes: report.crashes,
        kills: report.kills,
        poisonDeadLettered: report.poisonDeadLettered,
        deadLettersWithoutReason: report.deadLettersWithoutReason,
        unexpectedDeadLetters: report.unexpectedDeadLetters,
      }).toStrictEqual({
        lost: 0,
        duplicates: 0,
        crashes: 0,
        kills: 1,
        poisonDeadLettered: 1,
        deadLettersWithoutReason: 0,
        unexpectedDeadLetters: 0,
      });
      // The faults were really made: the adapters failed, and the flows got through anyway.
      expect(Object.values(report.injected).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 900_000);
});
