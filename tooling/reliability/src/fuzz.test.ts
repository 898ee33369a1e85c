import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz';

describe('fuzzing every entrance (short run; `pnpm fuzz` is the long one)', () => {
  it('answers every input with a clean result or a clear refusal, keeps answering, and loses nothing accepted', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sfe-fuzz-test-'));
    try {
      const report = await runFuzz({ runs: 600, seed: 13, dataDirectory: directory });
      expect(report.entrances.map((figure) => [figure.entrance, figure.failures])).toStrictEqual(
        report.entrances.map((figure) => [figure.entrance, []]),
      );
      expect(report.inputs).toBeGreaterThanOrEqual(600);
      expect([report.lost, report.stillAnswering]).toStrictEqual([0, true]);
      // The run reached past refusals: some inputs of each HTTP entrance were accepted.
      expect(report.entrances.slice(0, 3).every((figure) => figure.accepted > 0)).toBe(true);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 600_000);
});
