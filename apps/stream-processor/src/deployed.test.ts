import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ConfigError } from '@sfe/service-definition';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecordingLog, fixtureRecord } from '../test/support';
import { createDeployedStreamHandler } from './deployed';

const eventBridge = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);
const MALFORMED_URL =
  'https://sqs.eu-west-1.amazonaws.com/123456789012/sfe-dev-stream-processor-malformed-records';

/** What GetFunctionConfiguration returns as `Environment.Variables` for the deployed function. */
const DEPLOYED_ENVIRONMENT = {
  EVENT_BUS_NAME: 'sfe-dev-bus',
  CLAIM_CHECK_BUCKET: 'sfe-dev-claim-check-123456789012-eu-west-1',
  MALFORMED_RECORDS_QUEUE_URL: MALFORMED_URL,
  EMIT_COURSE_COMPLETED_V1: 'false',
  EMIT_CERTIFICATE_GENERATED_V1: 'true',
  POWERTOOLS_SERVICE_NAME: 'stream-processor',
  NODE_OPTIONS: '--enable-source-maps',
};

function clients() {
  return {
    eventBridge: new EventBridgeClient({ region: 'eu-west-1' }),
    sqs: new SQSClient({ region: 'eu-west-1' }),
  };
}

describe('createDeployedStreamHandler', () => {
  beforeEach(() => {
    eventBridge.reset();
    sqs.reset();
  });

  it("publishes to the bus the function's environment names, with the function's flags", async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    const handle = createDeployedStreamHandler(DEPLOYED_ENVIRONMENT, {
      clients: clients(),
      logger: createRecordingLog(),
    });
    const response = await handle({ Records: [fixtureRecord('course-completed')] });
    expect(response).toStrictEqual({ batchItemFailures: [] });
    const entries = eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries);
    // EMIT_COURSE_COMPLETED_V1=false: only v2, as the deployed function would publish.
    expect(entries.map((entry) => [entry?.EventBusName, entry?.DetailType])).toStrictEqual([
      ['sfe-dev-bus', 'CourseCompleted'],
    ]);
    expect(JSON.parse(entries[0]?.Detail ?? '{}').metadata.version).toBe(2);
  });

  it("sends malformed records to the function's malformed-records queue", async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const handle = createDeployedStreamHandler(DEPLOYED_ENVIRONMENT, {
      clients: clients(),
      logger: createRecordingLog(),
    });
    expect(await handle({ Records: [fixtureRecord('malformed-invalid-item')] })).toStrictEqual({
      batchItemFailures: [],
    });
    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input.QueueUrl)).toStrictEqual([
      MALFORMED_URL,
    ]);
  });

  it('refuses an environment that is not the stream processor’s, naming what is missing', () => {
    expect(() => createDeployedStreamHandler({ EVENT_BUS_NAME: 'sfe-dev-bus' })).toThrow(ConfigError);
    expect(() => createDeployedStreamHandler({ EVENT_BUS_NAME: 'sfe-dev-bus' })).toThrow(
      /CLAIM_CHECK_BUCKET[\s\S]*MALFORMED_RECORDS_QUEUE_URL/,
    );
  });
});
