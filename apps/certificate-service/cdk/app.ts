import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import { CertificateStack } from './certificate-stack';

// `cdk synth -c stage=prod -c verificationBaseUrl=https://learn.example.com/certificates`; env-agnostic.
const app = new App();
const stage = stageFromContext(app);
const verificationBaseUrl: unknown = app.node.tryGetContext('verificationBaseUrl');
new CertificateStack(app, resourceName(stage, 'certificate-service'), {
  stage,
  verificationBaseUrl:
    typeof verificationBaseUrl === 'string' ? verificationBaseUrl : 'https://learn.example.com/certificates',
});
applyNagChecks(app);
