import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { arns, LOCAL_REGION } from '../aws-identity';

/** A Lambda context for one local invocation: what Powertools (logger, idempotency) reads from it. */
export function createLambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: arns.function(functionName),
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${LOCAL_REGION}`,
    // Never 0: nothing stops a local function at its timeout, and Powertools idempotency treats 0 as "unknown"
    // and would then leave its in-progress record without an expiry (blocking every redelivery).
    getRemainingTimeInMillis: () => Math.max(1, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
