// `pnpm faults [--flows N] [--kills K] [--fault-rate R] [--poison P] [--concurrency C] [--settle-every W]`: the fault-injection run's long form
// (default 10,000 flows); prints the counts and exits 1 unless nothing was lost, nothing duplicated, nothing
// crashed, and every poison event is in a DLQ with its reason. The short run is src/faults.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatFaultReport, runFaults } from '../src/faults';

const { values } = parseArgs({
  options: {
    flows: { type: 'string', default: '10000' },
    kills: { type: 'string', default: '17' },
    'fault-rate': { type: 'string', default: '0.05' },
    poison: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    'settle-every': { type: 'string', default: '250' },
  },
});
const number = (name: keyof typeof values, min: number) => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`--${name} must be a number of at least ${min}`);
  return value;
};
const directory = await mkdtemp(join(tmpdir(), 'sfe-faults-'));
try {
  console.log(`fault injection (node ${process.version}, started ${new Date().toISOString()})`);
  const report = await runFaults({
    flows: number('flows', 1),
    kills: number('kills', 0),
    faultRate: number('fault-rate', 0),
    poison: number('poison', 0),
    concurrency: number('concurrency', 1),
    settleEvery: number('settle-every', 1),
    dataDirectory: directory,
    log: (line) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${line}`),
  });
  console.log(`\n${formatFaultReport(report)}`);
  const clean =
    report.lost === 0 &&
    report.duplicates === 0 &&
    report.crashes === 0 &&
    report.poisonDeadLettered === report.poison &&
    report.deadLettersWithoutReason === 0 &&
    report.unexpectedDeadLetters === 0;
  process.exitCode = clean ? 0 : 1;
} finally {
  await rm(directory, { recursive: true, force: true });
}
