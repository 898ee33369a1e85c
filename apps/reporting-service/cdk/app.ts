import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { ReportingStack } from './reporting-stack';

// `cdk synth -c stage=prod`; env-agnostic (no account/region), so synth needs no credentials.
const app = new App();
const stage = stageFromContext(app);
new ReportingStack(app, resourceName(stage, 'reporting-service'), { stage });
applyNagChecks(app);
