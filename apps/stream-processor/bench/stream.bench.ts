// `pnpm bench`: stream records processed per second (unmarshal, validate, detect, build PutEvents entries,
// claim check to a store that writes nothing; no network) for a mixed batch of every entity type, beside the
// floor of only JSON-parsing and -serialising the same records. Both start from the batch's JSON text, as the
// Lambda runtime receives it. Prints medians and the ratio; the target is within 3x of the floor.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createDryRunClaimCheckStore } from '../src/domain/dry-run-claim-check-store';
import { buildRecordEntries } from '../src/domain/record-entries';

const BATCH_SIZE = 1_000;
const ROUNDS = Number(process.argv[2] ?? 25); // `pnpm bench 40` for more rounds
const WARMUP_ROUNDS = 5;

const fixturesDirectory = join(import.meta.dirname, '..', 'fixtures');
// Every well-formed fixture: all six entity types, transitions and non-transitions alike.
const templates: DynamoDBRecord[] = readdirSync(fixturesDirectory)
  .filter(
    (file) => file.endsWith('.json') && !file.startsWith('malformed-') && file !== 'unknown-entity.json',
  )
  .sort()
  .flatMap(
    (file) =>
      (JSON.parse(readFileSync(join(fixturesDirectory, file), 'utf8')) as DynamoDBStreamEvent).Records,
  );

function mixedBatch(): string {
  const records = Array.from({ length: BATCH_SIZE }, (_, i) => {
    const record = structuredClone(templates[i % templates.length] as DynamoDBRecord);
    record.eventID = `${i.toString(16).padStart(8, '0')}${(record.eventID ?? '').slice(8)}`;
    if (record.dynamodb) {
      record.dynamodb.SequenceNumber = (4_200_000_000_000_000_000n + BigInt(i)).toString();
      // A batch is a contiguous slice of one shard: here 100 changes a second, stamped in whole seconds.
      record.dynamodb.ApproximateCreationDateTime = 1_795_000_000 + Math.floor(i / 100);
    }
    return record;
  });
  return JSON.stringify({ Records: records });
}

const options = {
  busName: 'sfe-bench-bus',
  claimCheckStore: createDryRunClaimCheckStore(),
  emitCourseCompletedV1: true,
};

async function processBatch(text: string): Promise<number> {
  const event = JSON.parse(text) as DynamoDBStreamEvent;
  let entries = 0;
  for (const result of await Promise.all(
    event.Records.map((record) => buildRecordEntries(record, options)),
  )) {
    if (result.kind === 'events') entries += result.entries.length;
  }
  return entries;
}

function floorBatch(text: string): number {
  const event = JSON.parse(text) as DynamoDBStreamEvent;
  let bytes = 0;
  for (const record of event.Records) bytes += JSON.stringify(record).length;
  return bytes;
}

/**
 * CPU seconds (user + system, all of the process's threads, so GC counts) one run takes. CPU time rather than
 * wall time: on a shared machine other processes' load would otherwise swing the figures by half.
 */
async function timeOnce(run: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

// Rounds alternate processor and floor, so whatever disturbs one round disturbs both; the ratio is taken per
// round, then its median.
async function measure(): Promise<{ processor: number[]; floor: number[]; ratios: number[] }> {
  const processor: number[] = [];
  const floor: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const processorSeconds = await timeOnce(() => processBatch(text));
    const floorSeconds = await timeOnce(() => floorBatch(text));
    if (round < WARMUP_ROUNDS) continue;
    processor.push(BATCH_SIZE / processorSeconds);
    floor.push(BATCH_SIZE / floorSeconds);
    ratios.push(processorSeconds / floorSeconds);
  }
  return { processor, floor, ratios };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const text = mixedBatch();
const entriesPerBatch = await processBatch(text);
const rounds = await measure();
const ratio = median(rounds.ratios);
const format = (rate: number) => `${Math.round(rate).toLocaleString('en-GB')} records/s`;

console.log(
  `stream processor bench: ${BATCH_SIZE} records (${templates.length} fixture kinds, ${entriesPerBatch} entries), ${ROUNDS} rounds, medians of CPU time`,
);
console.log(`  processor (unmarshal, validate, detect, build entries): ${format(median(rounds.processor))}`);
console.log(`  floor (JSON parse + serialise only):                     ${format(median(rounds.floor))}`);
console.log(
  `  ratio: ${ratio.toFixed(2)}x the floor's cost (target <= 3x) ${ratio <= 3 ? 'OK' : 'OVER TARGET'}`,
);
