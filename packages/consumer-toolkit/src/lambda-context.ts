import type { Context } from 'aws-lambda';

export interface LambdaContextOptions {
  readonly functionName: string;
  /** The function's timeout: `getRemainingTimeInMillis` counts down from it. Default 30 s. */
  readonly timeoutMs?: number;
  readonly awsRequestId?: string;
  readonly now?: () => number;
}

/**
 * A Lambda `Context` for running a handler outside Lambda (the local runtime, tests): the remaining time
 * counts down from `timeoutMs`, which Powertools idempotency uses to expire in-progress records.
 */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeoutMs ?? 30_000);
  const region = 'local';
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${options.functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.awsRequestId ?? crypto.randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
