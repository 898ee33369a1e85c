// The floor of an sfe consumer: the libraries every consumer is required to run (Powertools batch, idempotency
// and Logger, a zod/mini envelope, SigV4-signed calls through @sfe/aws-fetch), each used once and nothing else:
// one SQS record, its envelope validated, handled once under idempotency (its record written and completed in
// DynamoDB), one PutItem, one log line. No contract registry, metrics, redaction or config: what a function
// costs above this is its own code. A measuring stick for `pnpm bench:coldstart`, built with the functions'
// options.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { Logger } from '@aws-lambda-powertools/logger';
import { createAwsJsonClient, DYNAMODB } from '@sfe/aws-fetch';
import { awsIdempotency } from '@sfe/consumer-toolkit/aws';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';

const logger = new Logger({ serviceName: 'reference' });
const processor = new BatchProcessor(EventType.SQS);
// The envelope's shape (`@sfe/events`), written out so that no other event's schema is built.
const Event = z.object({
  detail: z.object({
    metadata: z.object({
      id: z.uuid(),
      version: z.int().check(z.positive()),
      created: z.iso.datetime(),
      correlationId: z.uuid(),
      domain: z.string(),
      source: z.string().check(z.startsWith('sfe-')),
      type: z.string(),
    }),
    data: z.object({ userId: z.string() }),
  }),
});
type Detail = z.infer<typeof Event>['detail'];

const dynamodb = createAwsJsonClient(DYNAMODB, {});
const config = new IdempotencyConfig({ eventKeyJmesPath: 'metadata.id' });
const handleOnce = makeIdempotent(
  async (detail: Detail) => {
    await dynamodb.call('PutItem', { TableName: 'reference', Item: { pk: { S: detail.data.userId } } });
    return { handled: detail.metadata.id };
  },
  {
    persistenceStore: awsIdempotency({ tableName: 'reference-idempotency', client: dynamodb })
      .persistenceStore,
    config,
  },
);

export const handler = async (event: SQSEvent, context: Context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const { detail } = Event.parse(JSON.parse(record.body));
      logger.info('handled', { messageId: record.messageId, ...(await handleOnce(detail)) });
    },
    processor,
    { context },
  );
};
