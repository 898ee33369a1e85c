import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaEnvironment } from './cold-start';
import { functionKey } from './first-records';
import {
  cdkApps,
  synthesizedApps,
  synthesizedFunctions,
  synthesizedTemplates,
} from './synthesized-functions';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repository with one app whose cdk.out holds `resources`, shaped like `cdk synth` writes them. */
function repoWith(resources: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'sfe-bundle-checks-'));
  roots.push(root);
  const app = join(root, 'apps', 'video-pipeline');
  mkdirSync(join(app, 'cdk.out'), { recursive: true });
  mkdirSync(join(root, 'apps', 'not-an-app'));
  writeFileSync(join(app, 'cdk.json'), '{}');
  writeFileSync(
    join(app, 'cdk.out', 'sfe-dev-video-pipeline.template.json'),
    JSON.stringify({ Resources: resources }),
  );
  return root;
}

const uploadedFunction = {
  Type: 'AWS::Lambda::Function',
  Metadata: { 'aws:asset:path': 'asset.abc' },
  Properties: {
    FunctionName: 'sfe-dev-video-pipeline-video-uploaded',
    Handler: 'index.videoUploadedHandler',
    Layers: [{ Ref: 'Assets' }],
    Environment: {
      Variables: {
        NODE_OPTIONS: '--stack-trace-limit=20',
        FONT_DIRECTORY: '/opt/fonts',
        QUEUE_URL: { Ref: 'Queue' },
        ROLE_ARN: { 'Fn::GetAtt': ['Role', 'Arn'] },
        TOPIC_ARN: { 'Fn::GetAtt': ['Topic', 'Arn'] },
        TABLE_NAME: { Ref: 'TableNameParameter' },
      },
    },
  },
};

describe('synthesizedFunctions', () => {
  it('finds our functions with their bundle, export, layers and deploy-time values of the right shape', () => {
    const root = repoWith({
      Fn: uploadedFunction,
      Assets: { Type: 'AWS::Lambda::LayerVersion', Metadata: { 'aws:asset:path': 'asset.layer' } },
      Queue: { Type: 'AWS::SQS::Queue' },
      Role: { Type: 'AWS::IAM::Role' },
      Topic: { Type: 'AWS::SNS::Topic' },
      TableNameParameter: { Type: 'AWS::SSM::Parameter::Value<String>' },
      // CDK's own helpers are not ours: no sfe- name.
      Helper: {
        Type: 'AWS::Lambda::Function',
        Metadata: { 'aws:asset:path': 'asset.helper' },
        Properties: { Handler: 'index.handler' },
      },
    });
    const outdir = join(root, 'apps', 'video-pipeline', 'cdk.out');
    expect(cdkApps(root)).toStrictEqual(['video-pipeline']);
    expect(synthesizedApps(root)).toStrictEqual(['video-pipeline']);
    const functions = synthesizedFunctions(root);
    expect(functions).toStrictEqual([
      {
        app: 'video-pipeline',
        functionName: 'sfe-dev-video-pipeline-video-uploaded',
        bundlePath: join(outdir, 'asset.abc', 'index.mjs'),
        exportName: 'videoUploadedHandler',
        environment: {
          NODE_OPTIONS: '--stack-trace-limit=20',
          FONT_DIRECTORY: '/opt/fonts',
          QUEUE_URL: 'https://sqs.eu-west-2.amazonaws.com/111122223333/bench-queue-url',
          ROLE_ARN: 'arn:aws:iam::111122223333:role/bench-role-arn',
          TOPIC_ARN: 'arn:aws:sns:eu-west-2:111122223333:bench-topic-arn',
          TABLE_NAME: 'bench-table-name',
        },
        layerDirectories: [join(outdir, 'asset.layer')],
      },
    ]);
    expect(functions.map(functionKey)).toStrictEqual(['video-pipeline/video-uploaded']);
  });

  it('gives a function its layers as Lambda mounts them, and the SDK the stand-in', () => {
    const root = repoWith({
      Fn: uploadedFunction,
      Assets: { Type: 'AWS::Lambda::LayerVersion', Metadata: { 'aws:asset:path': 'asset.layer' } },
    });
    const [fn] = synthesizedFunctions(root);
    if (!fn) throw new Error('no function found');
    const layer = join(root, 'apps', 'video-pipeline', 'cdk.out', 'asset.layer');
    const environment = lambdaEnvironment(fn, 'http://127.0.0.1:9');
    expect(environment).toMatchObject({
      FONT_DIRECTORY: join(layer, 'fonts'),
      NODE_PATH: join(layer, 'nodejs', 'node_modules'),
      NODE_OPTIONS: '--stack-trace-limit=20',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_LAMBDA_FUNCTION_NAME: 'sfe-dev-video-pipeline-video-uploaded',
    });
  });

  it('reports no synthesized app when no cdk.out exists', () => {
    const root = repoWith({});
    rmSync(join(root, 'apps', 'video-pipeline', 'cdk.out'), { recursive: true });
    expect(synthesizedApps(root)).toStrictEqual([]);
    expect(cdkApps(root)).toStrictEqual(['video-pipeline']);
  });
});

describe('synthesizedTemplates', () => {
  it("reads infra's templates and each synthesized app's, naming where each came from", () => {
    const root = repoWith({ Queue: { Type: 'AWS::SQS::Queue' } });
    mkdirSync(join(root, 'infra', 'cdk.out'), { recursive: true });
    writeFileSync(join(root, 'infra', 'cdk.out', 'sfe-dev-platform.template.json'), '{"Resources":{}}');
    writeFileSync(join(root, 'infra', 'cdk.out', 'manifest.json'), '{}');
    expect(synthesizedTemplates(root)).toStrictEqual([
      {
        app: 'infra',
        path: join(root, 'infra', 'cdk.out', 'sfe-dev-platform.template.json'),
        template: { Resources: {} },
      },
      {
        app: 'video-pipeline',
        path: join(root, 'apps', 'video-pipeline', 'cdk.out', 'sfe-dev-video-pipeline.template.json'),
        template: { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } },
      },
    ]);
  });
});
