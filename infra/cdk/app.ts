import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { PlatformStack } from './platform-stack';

// `cdk synth -c stage=prod`; env-agnostic (no account/region), so synth needs no credentials.
const app = new App();
const stage = stageFromContext(app);
// `-c opsEmail=ops@example.com` subscribes an address to the ops topic (alarms).
const opsEmail: unknown = app.node.tryGetContext('opsEmail');
new PlatformStack(app, resourceName(stage, 'platform'), {
  stage,
  ...(typeof opsEmail === 'string' && opsEmail !== '' ? { opsEmail } : {}),
});
applyNagChecks(app);
