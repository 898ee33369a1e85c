import { defineService } from '@sfe/service-definition';
import { VideoPipelineEnvSchema } from './env';
import { SERVICE_NAME } from './service-name';
import { createSubscriptions, LOCAL_UPLOADS_BUCKET } from './subscription';

/**
 * video-pipeline, defined once: the stack, the local runtime and `pnpm sfe services` read this. The upload
 * rule names the uploads bucket: here the local one; the stack binds its own with `withPatterns`.
 */
export const service = defineService({
  name: SERVICE_NAME,
  description: 'Uploaded lecture videos through Transcribe and MediaConvert, on AWS service events',
  subscriptions: createSubscriptions(LOCAL_UPLOADS_BUCKET).map((subscription) => ({
    ...subscription,
    // Each step only starts a job or records a result: 30 s is plenty; the jobs themselves run in AWS.
    delivery: { batchSize: 10, functionTimeoutSeconds: 30, maxReceiveCount: 5 },
  })),
  config: VideoPipelineEnvSchema,
  localSettings: {
    TABLE_NAME: 'platform',
    UPLOADS_BUCKET: LOCAL_UPLOADS_BUCKET,
    // Never assumed locally (the local MediaConvert stand-in needs no role), but the config requires one.
    MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::000000000000:role/sfe-local-mediaconvert',
  },
  local: () => import('./local'),
});
