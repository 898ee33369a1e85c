import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { service } from '../src/service';
import { PlatformApiStack } from './platform-api-stack';

// `cdk synth -c stage=prod`; env-agnostic (no account/region): the table is found by name through SSM.
const app = new App();
const stage = stageFromContext(app);
new PlatformApiStack(app, resourceName(stage, service.name), { stage });
applyNagChecks(app);
