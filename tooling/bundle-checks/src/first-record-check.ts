import type { AwsStandIn } from './aws-stand-in';
import { type ColdStartRun, runColdStart } from './cold-start';
import type { FirstRecord } from './first-records';
import type { SynthesizedFunction } from './synthesized-functions';

/**
 * A cold start that handles the function's first record against the stand-in, and the calls it made (on `node`,
 * by default the deployed major: see `runColdStart`).
 */
export async function runFirstRecord(
  fn: SynthesizedFunction,
  record: FirstRecord,
  standIn: AwsStandIn,
  node?: string,
): Promise<ColdStartRun & { calls: string[] }> {
  standIn.calls.length = 0;
  standIn.alreadyHandled = record.alreadyHandled ?? false;
  standIn.storedItem = record.storedItem;
  const run = await runColdStart(fn, {
    endpointUrl: standIn.url,
    event: record.event,
    ...(record.environment ? { environment: record.environment } : {}),
    ...(node ? { node } : {}),
  });
  return { ...run, calls: [...standIn.calls] };
}

/** Why a first-record run did not do its work, or undefined when it did (no failed record, every call made). */
export function firstRecordProblem(
  run: ColdStartRun & { calls: string[] },
  record: FirstRecord,
): string | undefined {
  const result = run.result as { batchItemFailures?: unknown[]; statusCode?: number } | undefined;
  if (record.httpStatus !== undefined) {
    if (result?.statusCode !== record.httpStatus) {
      return `the handler returned ${JSON.stringify(result)}, not status ${record.httpStatus}`;
    }
  } else if (!result || !Array.isArray(result.batchItemFailures) || result.batchItemFailures.length > 0) {
    return `the handler returned ${JSON.stringify(result)}, not { batchItemFailures: [] }`;
  }
  const missing = record.expectedCalls.filter((call) => !run.calls.includes(call));
  return missing.length > 0
    ? `no ${missing.join(', ')} among the calls made: ${run.calls.join(', ')}`
    : undefined;
}
