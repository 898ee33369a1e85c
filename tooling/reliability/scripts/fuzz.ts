// `pnpm fuzz [--runs N] [--seed S]`: the fuzzing suite's long run (default 100,000 inputs); prints figures per
// entrance and exits 1 on any failure. The short run is src/fuzz.test.ts, inside `pnpm check`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFuzzReport, runFuzz } from '../src/fuzz';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`--runs must be a whole number above 0, not ${values.runs}`);
const directory = await mkdtemp(join(tmpdir(), 'sfe-fuzz-'));
try {
  const at = new Date();
  console.log(
    `fuzzing every entrance with ${runs} inputs (node ${process.version}, started ${at.toISOString()})`,
  );
  const report = await runFuzz({
    runs,
    dataDirectory: directory,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n${formatFuzzReport(report)}`);
  for (const figure of report.entrances) {
    for (const failure of figure.failures.slice(0, 10)) console.log(`FAIL ${figure.entrance}: ${failure}`);
  }
  process.exitCode = report.failures > 0 || report.lost > 0 || !report.stillAnswering ? 1 : 0;
} finally {
  await rm(directory, { recursive: true, force: true });
}
