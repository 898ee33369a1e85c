import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStandIn, startAwsStandIn } from './aws-stand-in';
import { firstRecordProblem, runFirstRecord } from './first-record-check';
import { firstRecordOf, functionKey } from './first-records';
import { buildReferenceHandlers, type ReferenceHandlers } from './reference-handlers';

// The bench's measuring sticks must do the work they stand for, or its floor rows would flatter every function.
describe('reference handlers', () => {
  let standIn: AwsStandIn;
  let built: ReferenceHandlers;
  beforeAll(async () => {
    [standIn, built] = await Promise.all([startAwsStandIn(), buildReferenceHandlers()]);
  });
  afterAll(async () => {
    await standIn.close();
    built.remove();
  });

  it('are the one call by hand and the consumer stack', () => {
    expect(built.functions.map(functionKey)).toStrictEqual([
      'reference/aws-call-by-hand',
      'reference/required-stack',
    ]);
  });

  it('each handle the first record, making the calls it stands for', async () => {
    for (const fn of built.functions) {
      const record = firstRecordOf(fn);
      const run = await runFirstRecord(fn, record, standIn);
      expect(firstRecordProblem(run, record), functionKey(fn)).toBeUndefined();
    }
  });

  it('run the consumer stack under idempotency: a new record is recorded, a redelivered one skipped', async () => {
    const stack = built.functions.find((fn) => functionKey(fn) === 'reference/required-stack');
    if (!stack) throw new Error('no required-stack reference');
    const record = firstRecordOf(stack);
    // The idempotency record's conditional put, the handler's own put, the record completed.
    const first = await runFirstRecord(stack, record, standIn);
    expect(first.calls).toStrictEqual(['dynamodb:PutItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    // Found handled by the conditional put: nothing else.
    const again = await runFirstRecord(stack, { ...record, alreadyHandled: true }, standIn);
    expect(again.result).toStrictEqual({ batchItemFailures: [] });
    expect(again.calls).toStrictEqual(['dynamodb:PutItem']);
  });
});
