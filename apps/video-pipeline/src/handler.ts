import type { Logger } from '@aws-lambda-powertools/logger';
import { createAwsEventConsumer, type SqsBatchHandler } from '@sfe/consumer-toolkit';
import {
  MediaConvertJobStateChangeEventSchema,
  S3ObjectCreatedEventSchema,
  TranscribeJobStateChangeEventSchema,
} from './aws-events';
import { SERVICE_NAME } from './service-name';
import { SubscriptionId } from './subscription';
import {
  onTranscodeFinished,
  onTranscriptionFinished,
  onVideoUploaded,
  type PipelineDeps,
} from './use-cases/pipeline-steps';

export interface HandlerDeps extends PipelineDeps {
  readonly logger: Logger;
}

/** One SQS handler per subscription, keyed by subscription id. */
export type VideoPipelineHandlers = Record<SubscriptionId, SqsBatchHandler>;

/**
 * The pipeline's three consumers, each validating its AWS event against AWS's documented shape before the
 * step sees it. The same handlers run in Lambda (AWS clients) and locally (stand-ins, see `local.ts`).
 */
export function createHandlers(deps: HandlerDeps): VideoPipelineHandlers {
  const { logger } = deps;
  return {
    [SubscriptionId.videoUploaded]: createAwsEventConsumer({
      serviceName: SERVICE_NAME,
      eventName: 'S3 Object Created',
      schema: S3ObjectCreatedEventSchema,
      handle: (event) => onVideoUploaded(deps, event),
      logger,
    }),
    [SubscriptionId.transcriptionFinished]: createAwsEventConsumer({
      serviceName: SERVICE_NAME,
      eventName: 'Transcribe Job State Change',
      schema: TranscribeJobStateChangeEventSchema,
      handle: (event) => onTranscriptionFinished(deps, event),
      logger,
    }),
    [SubscriptionId.transcodeFinished]: createAwsEventConsumer({
      serviceName: SERVICE_NAME,
      eventName: 'MediaConvert Job State Change',
      schema: MediaConvertJobStateChangeEventSchema,
      handle: (event) => onTranscodeFinished(deps, event),
      logger,
    }),
  };
}

// Built on first invocation, not at import, and imported dynamically: tests and the local runtime load this
// module without the AWS clients or the environment.
let awsHandlers: Promise<VideoPipelineHandlers> | undefined;

function lambdaHandler(id: SubscriptionId): SqsBatchHandler {
  return async (event, context) => {
    awsHandlers ??= import('./aws-deps').then(({ createAwsDeps }) => createHandlers(createAwsDeps()));
    return (await awsHandlers)[id](event, context);
  };
}

/** Lambda entry points, one per subscription (the stack points each function at one). */
export const videoUploadedHandler = lambdaHandler(SubscriptionId.videoUploaded);
export const transcriptionFinishedHandler = lambdaHandler(SubscriptionId.transcriptionFinished);
export const transcodeFinishedHandler = lambdaHandler(SubscriptionId.transcodeFinished);

/** Which export each subscription's function runs. */
export const HANDLER_EXPORTS: Record<SubscriptionId, string> = {
  [SubscriptionId.videoUploaded]: 'videoUploadedHandler',
  [SubscriptionId.transcriptionFinished]: 'transcriptionFinishedHandler',
  [SubscriptionId.transcodeFinished]: 'transcodeFinishedHandler',
};
