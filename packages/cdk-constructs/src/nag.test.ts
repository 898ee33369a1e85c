import { Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  applyNagChecks,
  expectNoUnsuppressedFindings,
  NagFindingsError,
  nagFindings,
  testApp,
} from './nag';

function stackWithPlainBucket(): { stack: Stack; bucket: Bucket } {
  const stack = new Stack(testApp(), 'NagStack');
  const bucket = new Bucket(stack, 'Plain');
  return { stack, bucket };
}

describe('nagFindings', () => {
  it('reports AwsSolutions findings with rule id and construct path', () => {
    const { stack } = stackWithPlainBucket();
    const findings = nagFindings(stack);
    expect(findings.map((finding) => finding.ruleId).sort()).toStrictEqual([
      'AwsSolutions-S1',
      'AwsSolutions-S10',
    ]);
    expect(findings.every((finding) => finding.path === 'NagStack/Plain/Resource')).toBe(true);
  });

  it('drops findings acknowledged with a reason', () => {
    const { stack, bucket } = stackWithPlainBucket();
    acknowledge(bucket, 'AwsSolutions-S1', 'Test bucket: access logs are not needed here.');
    acknowledge(bucket, 'AwsSolutions-S10', 'Test bucket: never deployed, so no transport to protect.');
    expect(nagFindings(stack)).toStrictEqual([]);
  });
});

describe('expectNoUnsuppressedFindings', () => {
  it('throws naming each finding when some are left', () => {
    const { stack } = stackWithPlainBucket();
    expect(() => expectNoUnsuppressedFindings(stack)).toThrow(NagFindingsError);
    expect(() => expectNoUnsuppressedFindings(stack)).toThrow(/AwsSolutions-S1 at NagStack\/Plain\/Resource/);
  });
});

describe('acknowledge', () => {
  it('refuses an acknowledgement without a written reason', () => {
    const { bucket } = stackWithPlainBucket();
    expect(() => acknowledge(bucket, 'AwsSolutions-S1', ' ')).toThrow(/needs a written reason/);
  });
});

describe('applyNagChecks', () => {
  it('makes synthesis fail on an unacknowledged finding', () => {
    const app = testApp();
    new Bucket(new Stack(app, 'Failing'), 'Plain');
    applyNagChecks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it('lets a clean app synthesize', () => {
    const app = testApp();
    const bucket = new Bucket(new Stack(app, 'Clean'), 'Plain', { enforceSSL: true });
    acknowledge(bucket, 'AwsSolutions-S1', 'Test bucket: access logs are not needed here.');
    applyNagChecks(app);
    expect(() => app.synth()).not.toThrow();
  });
});
