import {
  expectNoUnsuppressedFindings,
  platformParameterNames,
  streamMappingInTemplate,
  testApp,
} from '@sfe/cdk-constructs';
import { expectEveryAlarmNotifiesOps, expectReadsOnlyInfraParameters } from '@sfe/cdk-constructs/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnvSchema } from '../src/env';
import { service } from '../src/service';
import { StreamProcessorStack } from './stream-processor-stack';

let stack: StreamProcessorStack;
let template: Template;

beforeAll(() => {
  stack = new StreamProcessorStack(testApp(), 'sfe-dev-stream-processor', {
    stage: 'dev',
    env: { account: '111122223333', region: 'eu-west-2' },
  });
  template = Template.fromStack(stack);
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function policyStatements(): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

const logicalId = (queue: Queue) => stack.getLogicalId(queue.node.defaultChild as CfnQueue);

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The logical id of the template parameter resolving an SSM parameter name. */
function ssmParameter(name: string): string {
  const parameters = template.toJSON().Parameters as Record<string, { Default?: string }>;
  const found = Object.entries(parameters).find(([, p]) => p.Default === name);
  if (!found) throw new Error(`no template parameter for ${name}`);
  return found[0];
}

describe('StreamProcessorStack', () => {
  it('reads only the SSM parameters infra writes, so it deploys alone to a new stage after infra', () => {
    expectReadsOnlyInfraParameters(template, 'dev');
  });

  it('maps the table stream (looked up by name) to the function with ordered, bounded, partial-failure retries', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { Ref: ssmParameter(platformParameterNames('dev').tableStreamArn) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 12 * 3600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(stack.failedBatchesQueue), 'Arn'] } },
      },
    });
  });

  it("deploys exactly the stream mapping of the service's definition (the local runtime's stream runs it too)", () => {
    expect(streamMappingInTemplate(template)).toStrictEqual(service.stream);
  });

  it('runs Node 24 on arm64 with every variable env.ts requires', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as {
      Properties: {
        Runtime: string;
        Architectures: string[];
        FunctionName: string;
        Environment: { Variables: Record<string, unknown> };
      };
    }[];
    expect(functions).toHaveLength(1);
    const fn = functions[0]?.Properties;
    expect(fn?.Runtime).toBe('nodejs24.x');
    expect(fn?.Architectures).toStrictEqual(['arm64']);
    expect(fn?.FunctionName).toBe('sfe-dev-stream-processor-changes');
    const variables = fn?.Environment.Variables ?? {};
    for (const [key, schema] of Object.entries(EnvSchema.shape)) {
      if (!schema.safeParse(undefined).success) expect(variables, key).toHaveProperty(key);
    }
    expect(variables).toMatchObject({
      EVENT_BUS_NAME: { Ref: ssmParameter(platformParameterNames('dev').busName) },
      CLAIM_CHECK_BUCKET: { Ref: ssmParameter(platformParameterNames('dev').claimCheckBucketName) },
      MALFORMED_RECORDS_QUEUE_URL: { Ref: logicalId(stack.malformedRecordsQueue) },
      EMIT_COURSE_COMPLETED_V1: 'true',
      EMIT_CERTIFICATE_GENERATED_V1: 'true',
      POWERTOOLS_SERVICE_NAME: 'stream-processor',
    });
  });

  it('may put events on the platform bus and nowhere else', () => {
    const putEvents = policyStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('events:')));
    expect(putEvents).toHaveLength(1);
    expect(actionsOf(putEvents[0] as Statement)).toStrictEqual(['events:PutEvents']);
    expect(JSON.stringify(putEvents[0]?.Resource)).toContain(
      ssmParameter(platformParameterNames('dev').busName),
    );
    expect(JSON.stringify(putEvents[0]?.Resource)).toContain(':event-bus/');
  });

  it('reads the stream only, never the table, and writes claim checks under their prefix only', () => {
    const dynamo = policyStatements()
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('dynamodb:'));
    expect(dynamo.sort()).toStrictEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
    const s3 = policyStatements().filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(JSON.stringify(s3[0]?.Resource)).toContain('/claim-checks/*');
  });

  it('keeps failed batches and malformed records in encrypted, SSL-only queues for 14 days, with alarms', () => {
    for (const queueName of [
      'sfe-dev-stream-processor-failed-batches',
      'sfe-dev-stream-processor-malformed-records',
    ]) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: queueName,
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${queueName}-not-empty`,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'sfe-dev-stream-processor-iterator-age',
    });
  });

  it('tells the ops topic from every alarm: queues not empty, iterator age, function errors and throttles', () => {
    expect(expectEveryAlarmNotifiesOps(template, 'dev')).toStrictEqual([
      'sfe-dev-stream-processor-changes-errors',
      'sfe-dev-stream-processor-changes-throttles',
      'sfe-dev-stream-processor-failed-batches-not-empty',
      'sfe-dev-stream-processor-iterator-age',
      'sfe-dev-stream-processor-malformed-records-not-empty',
    ]);
  });

  it('can turn CourseCompleted v1 and CertificateGenerated v1 off', () => {
    const app = testApp();
    const withoutV1 = new StreamProcessorStack(app, 'no-v1', {
      stage: 'dev',
      emitCourseCompletedV1: false,
      emitCertificateGeneratedV1: false,
    });
    Template.fromStack(withoutV1).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          EMIT_COURSE_COMPLETED_V1: 'false',
          EMIT_CERTIFICATE_GENERATED_V1: 'false',
        }),
      },
    });
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expectNoUnsuppressedFindings(stack);
  });
});
