import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SendMessageCommandInput, SQSClient } from '@aws-sdk/client-sqs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AwsJsonClient, S3Objects } from '@sfe/aws-fetch';
import type { EnvironmentRecord } from '@sfe/service-definition';
import { type AwsCalls, createAwsDeps } from './aws-deps';
import { loadEnv } from './env';
import { createHandler, type StreamHandler } from './handler';
import type { Log } from './log';

export type { StreamHandler } from './handler';
export type { Log } from './log';

/** SDK clients to publish, dead-letter and claim-check with (default: new ones, standard credential chain). */
export interface AwsClients {
  readonly eventBridge?: EventBridgeClient;
  readonly s3?: S3Client;
  readonly sqs?: SQSClient;
}

export interface DeployedStreamHandlerOptions {
  readonly clients?: AwsClients;
  /** Default: Powertools' Logger, as in Lambda. */
  readonly logger?: Log;
}

/**
 * The deployed function's handler, rebuilt outside Lambda from that function's environment variables (as
 * `GetFunctionConfiguration` returns them): the same code, configuration schema and AWS adapters, so records
 * read back from the stream (`pnpm sfe stream recover`) are published exactly as the function would have
 * published them (same bus, claim-check bucket, malformed-records queue, v1 flags, ids and bytes).
 * Throws `ConfigError` naming every missing or invalid variable.
 *
 * The function calls AWS through `@sfe/aws-fetch` in its own region; an operator's command has SDK clients on
 * its own credential and region chain (profiles, SSO), so here the adapters' calls go through those clients.
 * This module is the operator's entry: the Lambda bundle never imports it, so the SDK stays out of it.
 *
 * @example
 * const { Environment } = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }));
 * const handle = createDeployedStreamHandler(Environment?.Variables ?? {});
 * const { batchItemFailures } = await handle({ Records: records });
 */
export function createDeployedStreamHandler(
  environment: EnvironmentRecord,
  options: DeployedStreamHandlerOptions = {},
): StreamHandler {
  const clients = options.clients ?? {};
  // Without metrics: EMF lines printed by an operator's command would reach no CloudWatch namespace.
  const deps = { ...createAwsDeps(loadEnv(environment), sdkCalls(clients)), metrics: undefined };
  return createHandler(options.logger ? { ...deps, logger: options.logger } : deps);
}

/** The adapters' three calls on SDK clients: PutEvents, SendMessage, S3 PutObject and a presigned GET. */
function sdkCalls(clients: AwsClients): AwsCalls {
  const eventBridge = clients.eventBridge ?? new EventBridgeClient({});
  const sqs = clients.sqs ?? new SQSClient({});
  const s3 = clients.s3 ?? new S3Client({});
  return {
    eventBridge: onlyCall('PutEvents', (input) =>
      eventBridge.send(new PutEventsCommand(input as PutEventsCommandInput)),
    ),
    sqs: onlyCall('SendMessage', (input) =>
      sqs.send(new SendMessageCommand(input as SendMessageCommandInput)),
    ),
    s3: {
      async put(bucket, key, body, contentType) {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
        );
      },
      presignGet: (bucket, key, expiresIn) =>
        getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn }),
    } satisfies Pick<S3Objects, 'put' | 'presignGet'>,
  };
}

function onlyCall(operation: string, send: (input: object) => Promise<object>): AwsJsonClient {
  return {
    async call<Output>(name: string, input: object): Promise<Output> {
      if (name !== operation) throw new Error(`the stream processor calls ${operation}, not ${name}`);
      return (await send(input)) as Output;
    },
  };
}
