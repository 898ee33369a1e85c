import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { SERVICE_NAME, StreamProcessorStack } from './stream-processor-stack';

// `cdk synth -c stage=prod` (default dev; optional -c emitCourseCompletedV1=false,
// -c emitCertificateGeneratedV1=false). Env-agnostic: the table,
// bus and bucket are resolved by name from SSM at deploy time, so synth needs no AWS credentials.
const app = new App();
const stage = stageFromContext(app);
/** A true/false context switch that defaults to true: only an explicit `false` turns it off. */
const switchedOn = (key: string): boolean => String(app.node.tryGetContext(key) ?? true) !== 'false';
new StreamProcessorStack(app, resourceName(stage, SERVICE_NAME), {
  stage,
  emitCourseCompletedV1: switchedOn('emitCourseCompletedV1'),
  emitCertificateGeneratedV1: switchedOn('emitCertificateGeneratedV1'),
});
applyNagChecks(app);
