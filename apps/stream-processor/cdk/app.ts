import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { SERVICE_NAME, StreamProcessorStack } from './stream-processor-stack';

// `cdk synth -c stage=prod` (default dev; optional -c emitCourseCompletedV1=false). Env-agnostic: the table,
// bus and bucket are resolved by name from SSM at deploy time, so synth needs no AWS credentials.
const app = new App();
const stage = stageFromContext(app);
const emitV1: unknown = app.node.tryGetContext('emitCourseCompletedV1');
new StreamProcessorStack(app, resourceName(stage, SERVICE_NAME), {
  stage,
  emitCourseCompletedV1: emitV1 === undefined ? true : String(emitV1) !== 'false',
});
applyNagChecks(app);
