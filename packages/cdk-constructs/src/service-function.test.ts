import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ENTRY, opsTopic, testStack } from '../test/helpers';
import { expectNoUnsuppressedFindings } from './nag';
import { ESM_BANNER, ServiceFunction, type ServiceFunctionProps } from './service-function';

function functionStack(overrides: Partial<ServiceFunctionProps> = {}): { stack: Stack; fn: ServiceFunction } {
  const stack = testStack();
  const fn = new ServiceFunction(stack, 'Api', {
    stage: 'prod',
    serviceName: 'reporting-service',
    functionName: 'api',
    entry: FIXTURE_ENTRY,
    alarmTopic: opsTopic(stack),
    ...overrides,
  });
  return { stack, fn };
}

function ref(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
}

describe('ServiceFunction', () => {
  it('runs Node 24 on arm64 with active tracing, named after stage, service and function', () => {
    const { stack, fn } = functionStack({ timeout: Duration.seconds(10), memorySize: 256 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'sfe-prod-reporting-service-api',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      Timeout: 10,
      MemorySize: 256,
      LoggingConfig: { LogGroup: { Ref: ref(stack, fn.logGroup) } },
      Role: { 'Fn::GetAtt': [ref(stack, fn.role), 'Arn'] },
    });
  });

  it('sets the Powertools environment and merges the caller variables over it', () => {
    const { stack } = functionStack({ environment: { REPORT_BUCKET: 'reports', STAGE: 'ignored-wins' } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          STAGE: 'ignored-wins',
          POWERTOOLS_SERVICE_NAME: 'reporting-service',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          POWERTOOLS_METRICS_NAMESPACE: 'sfe',
          POWERTOOLS_DEV: 'false',
          REPORT_BUCKET: 'reports',
        },
      },
    });
  });

  it('keeps its logs in its own log group with a retention period', () => {
    const { stack } = functionStack();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/sfe-prod-reporting-service-api',
      RetentionInDays: 30,
    });
  });

  it('uses no managed policy and may write logs only to its own group', () => {
    const { stack, fn } = functionStack();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: ref(stack, fn.role) }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [ref(stack, fn.logGroup), 'Arn'] },
          },
        ],
      },
    });
  });

  it('alarms on any error and any throttle within a minute, telling the ops topic when each fires and clears', () => {
    const { stack } = functionStack();
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    const ops = 'arn:aws:sns:eu-west-2:111122223333:sfe-dev-ops';
    expect(
      alarms.map(({ Properties: p }) => [
        p.AlarmName,
        p.Namespace,
        p.MetricName,
        p.Statistic,
        p.Period,
        p.Threshold,
        p.ComparisonOperator,
        p.TreatMissingData,
        p.AlarmActions,
        p.OKActions,
      ]),
    ).toStrictEqual(
      ['Errors', 'Throttles'].map((metric) => [
        `sfe-prod-reporting-service-api-${metric.toLowerCase()}`,
        'AWS/Lambda',
        metric,
        'Sum',
        60,
        0,
        'GreaterThanThreshold',
        'notBreaching',
        [ops],
        [ops],
      ]),
    );
  });

  it('keeps the X-Ray wildcard in a policy of its own, which the function depends on', () => {
    const { stack, fn } = functionStack();
    const template = Template.fromStack(stack);
    const tracing = template.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: {
          Statement: [Match.objectLike({ Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] })],
        },
      },
    });
    expect(Object.keys(tracing)).toHaveLength(1);
    const functions = template.findResources('AWS::Lambda::Function');
    expect(functions[ref(stack, fn.function)]?.DependsOn).toContain(Object.keys(tracing)[0]);
  });

  it('bundles with local esbuild (no Docker) into a minified ESM file with a require shim and source map', async () => {
    await withBundle(FIXTURE_ENTRY, async (outdir) => {
      const assetDirs = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
      expect(assetDirs).toHaveLength(1);
      const assetDir = join(outdir, assetDirs[0] ?? '');
      expect(readdirSync(assetDir).sort()).toStrictEqual(['index.mjs', 'index.mjs.map']);
      const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      expect(bundle.startsWith(ESM_BANNER)).toBe(true);
      expect(bundle).toMatch(/export\s*\{/);
      expect(bundle.split('\n').length).toBeLessThan(6);
    });
  });

  it('gives bundled CommonJS code require, __filename and __dirname naming the bundle itself', async () => {
    const entry = fileURLToPath(new URL('../test/fixtures/module-scope-handler.mjs', import.meta.url));
    await withBundle(entry, async (outdir) => {
      const assetDir = readdirSync(outdir).find((name) => name.startsWith('asset.')) ?? '';
      const bundlePath = join(outdir, assetDir, 'index.mjs');
      const bundle = (await import(pathToFileURL(bundlePath).href)) as {
        handler: () => Promise<unknown>;
      };
      expect(await bundle.handler()).toStrictEqual({
        dirname: join(outdir, assetDir),
        filename: bundlePath,
        sep: '/',
      });
    });
  });

  it('bundles each entry on its own, even two entries of one directory in one app', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'sfe-bundle-'));
    try {
      const app = new App({ outdir });
      const stack = new Stack(app, 'TwoEntries');
      const zodEntry = fileURLToPath(new URL('../test/fixtures/zod-handler.ts', import.meta.url));
      const entries = { Api: FIXTURE_ENTRY, Zod: zodEntry };
      for (const [id, entry] of Object.entries(entries)) {
        new ServiceFunction(stack, id, {
          stage: 'dev',
          serviceName: 'reporting-service',
          functionName: id,
          entry,
          alarmTopic: opsTopic(stack),
        });
      }
      const template = app.synth().getStackByName('TwoEntries').template as {
        Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;
      };
      const keys = Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::Lambda::Function')
        .map((resource) => resource.Properties.Code?.S3Key);
      expect(keys).toHaveLength(2);
      expect(new Set(keys).size).toBe(2);
      const bundles = keys.map((key) =>
        readFileSync(join(outdir, `asset.${String(key).replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8'),
      );
      // Only the zod handler's bundle holds zod.
      expect(bundles.filter((bundle) => bundle.includes('safeParse'))).toHaveLength(1);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);

  it('has no unacknowledged cdk-nag findings', () => {
    const { stack } = functionStack();
    expectNoUnsuppressedFindings(stack);
  });
});

/** Synthesizes a ServiceFunction of `entry` with real bundling into a temporary cdk.out, then removes it. */
async function withBundle(entry: string, inspect: (outdir: string) => Promise<void>): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'sfe-bundle-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'BundleStack');
    new ServiceFunction(stack, 'Api', {
      stage: 'dev',
      serviceName: 'reporting-service',
      functionName: 'api',
      entry,
      alarmTopic: opsTopic(stack),
    });
    app.synth();
    await inspect(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
