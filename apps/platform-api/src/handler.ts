import { Logger } from '@aws-lambda-powertools/logger';
import type { TableStore } from '@sfe/records';
import { createDynamoTableStore } from '@sfe/records/aws';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { readPlatformApiEnv } from './env';
import { handlePlatformApiRequest } from './routes';
import { SERVICE_NAME } from './service-name';

export interface PlatformApiDeps {
  /** The platform table: DynamoDB in AWS (strongly consistent reads), the local store locally. */
  readonly platform: TableStore;
  readonly logger?: Logger;
}

/** What this handler answers: the structured form of `LambdaFunctionURLResult`. */
type FunctionUrlResponse = Extract<LambdaFunctionURLResult, { statusCode?: number }> & {
  readonly statusCode: number;
  readonly body: string;
};

export type FunctionUrlHandler = (event: LambdaFunctionURLEvent) => Promise<FunctionUrlResponse>;

/**
 * The function URL's handler (IAM auth: only callers granted `lambda:InvokeFunctionUrl` reach it). A thin
 * adapter over `handlePlatformApiRequest`; a failed read answers 500 with no detail (it is logged), which
 * the client retries.
 */
export function createHandler(deps: PlatformApiDeps): FunctionUrlHandler {
  const logger = deps.logger ?? new Logger({ serviceName: SERVICE_NAME });
  return async (event) => {
    const request = { method: event.requestContext.http.method, path: event.rawPath };
    try {
      const response = await handlePlatformApiRequest(deps.platform, request);
      logger.info('Answered', { ...request, status: response.status });
      return json(response.status, response.body);
    } catch (error) {
      logger.error('Read failed', { ...request, error });
      return json(500, { error: 'the platform table could not be read; retry' });
    }
  };
}

function json(statusCode: number, body: unknown): FunctionUrlResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

let awsHandler: FunctionUrlHandler | undefined;

/** The Lambda entry point: the table (DynamoDB through `@sfe/aws-fetch`) is set up on the first invocation. */
export const handler: FunctionUrlHandler = (event) => {
  awsHandler ??= createHandler({
    platform: createDynamoTableStore({ tableName: readPlatformApiEnv().PLATFORM_TABLE_NAME }),
  });
  return awsHandler(event);
};
