import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { platformParameterNames } from './platform-parameters';
import {
  assertStage,
  consumerQueueNames,
  deadLetterQueueOf,
  InvalidStageError,
  isDeadLetterQueue,
  platformBusName,
  resourceName,
  stageFromContext,
} from './stage';

describe('stageFromContext', () => {
  it('defaults to dev', () => {
    expect(stageFromContext(new App())).toBe('dev');
  });

  it('reads -c stage=prod', () => {
    expect(stageFromContext(new App({ context: { stage: 'prod' } }))).toBe('prod');
  });

  it('rejects a stage that cannot appear in resource names', () => {
    expect(() => stageFromContext(new App({ context: { stage: 'Prod_1' } }))).toThrow(InvalidStageError);
  });
});

describe('resourceName', () => {
  it('joins sfe, the stage and the parts with hyphens', () => {
    expect(resourceName('dev', 'certificate-service', 'course-completed')).toBe(
      'sfe-dev-certificate-service-course-completed',
    );
  });

  it('refuses an invalid stage', () => {
    expect(() => assertStage('')).toThrow(/stage "" is invalid/);
  });
});

describe('platformParameterNames', () => {
  it('puts every parameter under /sfe/<stage>/', () => {
    expect(platformParameterNames('qa')).toStrictEqual({
      busName: '/sfe/qa/bus/name',
      busArn: '/sfe/qa/bus/arn',
      tableName: '/sfe/qa/platform-table/name',
      tableArn: '/sfe/qa/platform-table/arn',
      tableStreamArn: '/sfe/qa/platform-table/stream-arn',
      idempotencyTableName: '/sfe/qa/idempotency-table/name',
      idempotencyTableArn: '/sfe/qa/idempotency-table/arn',
      claimCheckBucketName: '/sfe/qa/claim-check-bucket/name',
      opsTopicArn: '/sfe/qa/ops-topic/arn',
      videoUploadsBucketName: '/sfe/qa/video-uploads-bucket/name',
      platformApiUrl: '/sfe/qa/platform-api/url',
      platformApiFunctionArn: '/sfe/qa/platform-api/function-arn',
    });
  });
});

describe('platformBusName', () => {
  it("names the stage's central bus as infra creates it", () => {
    expect([platformBusName('dev'), platformBusName('alice')]).toStrictEqual([
      'sfe-dev-bus',
      'sfe-alice-bus',
    ]);
    expect(() => platformBusName('Prod')).toThrow(InvalidStageError);
  });
});

describe('consumerQueueNames', () => {
  it('names the queue after the stage, service and subscription, and its DLQ after the queue', () => {
    expect(consumerQueueNames('dev', 'email-service', 'learner-emails')).toStrictEqual({
      queue: 'sfe-dev-email-service-learner-emails',
      deadLetterQueue: 'sfe-dev-email-service-learner-emails-dlq',
    });
  });

  it('refuses a stage that cannot be part of a queue name', () => {
    expect(() => consumerQueueNames('Prod', 'email-service', 'learner-emails')).toThrow(InvalidStageError);
  });
});

describe('deadLetterQueueOf', () => {
  it("names a queue's DLQ after the queue, and a DLQ's after itself", () => {
    expect(deadLetterQueueOf('email-service-learner-emails')).toBe('email-service-learner-emails-dlq');
    expect(deadLetterQueueOf('email-service-learner-emails-dlq')).toBe('email-service-learner-emails-dlq');
    expect(isDeadLetterQueue('email-service-learner-emails-dlq')).toBe(true);
    expect(isDeadLetterQueue('email-service-learner-emails')).toBe(false);
  });
});
