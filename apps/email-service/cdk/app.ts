import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { EmailStack } from './email-stack';

// `cdk synth -c stage=prod -c fromAddress=no-reply@mail.example.com -c appUrl=https://learn.example.com`
// (optional: -c sesIdentity=mail.example.com -c brandName=...); env-agnostic. The stack creates its own SES
// configuration set (`sfe-<stage>-email-service`).
const app = new App();
const stage = stageFromContext(app);
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
new EmailStack(app, resourceName(stage, 'email-service'), {
  stage,
  fromAddress: context('fromAddress') ?? 'no-reply@mail.example.com',
  sesIdentity: context('sesIdentity'),
  appUrl: context('appUrl') ?? 'https://learn.example.com',
  brandName: context('brandName'),
});
applyNagChecks(app);
