import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { PlatformStack } from './platform-stack';

// `cdk synth -c stage=prod`; env-agnostic (no account/region), so synth needs no credentials.
const app = new App();
const stage = stageFromContext(app);
new PlatformStack(app, resourceName(stage, 'platform'), { stage });
applyNagChecks(app);
