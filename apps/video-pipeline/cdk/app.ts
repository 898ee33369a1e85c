import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { SERVICE_NAME } from '../src/service-name';
import { VideoPipelineStack } from './video-pipeline-stack';

// `cdk synth -c stage=prod [-c transcribeLanguageCode=en-GB]`; env-agnostic.
const app = new App();
const stage = stageFromContext(app);
const languageCode: unknown = app.node.tryGetContext('transcribeLanguageCode');
new VideoPipelineStack(app, resourceName(stage, SERVICE_NAME), {
  stage,
  ...(typeof languageCode === 'string' ? { transcribeLanguageCode: languageCode } : {}),
});
applyNagChecks(app);
