import { Logger } from '@aws-lambda-powertools/logger';
import { createAwsJsonClient, createAwsRestJsonClient, MEDIACONVERT, TRANSCRIBE } from '@sfe/aws-fetch';
import { createDynamoTableStore } from '@sfe/records/aws';
import { createAwsTranscoder } from './adapters/aws-transcoder';
import { createAwsTranscriber } from './adapters/aws-transcriber';
import { readVideoPipelineEnv } from './env';
import type { HandlerDeps } from './handler';

/**
 * The Lambda functions' dependencies, from the environment: the platform table (DynamoDB), Transcribe and
 * MediaConvert, each through `@sfe/aws-fetch` (signed requests, no SDK client), in the function's region.
 */
export function createAwsDeps(): HandlerDeps {
  const env = readVideoPipelineEnv();
  return {
    table: createDynamoTableStore({ tableName: env.TABLE_NAME }),
    transcriber: createAwsTranscriber(createAwsJsonClient(TRANSCRIBE, {})),
    transcoder: createAwsTranscoder(createAwsRestJsonClient(MEDIACONVERT, {}), {
      roleArn: env.MEDIACONVERT_ROLE_ARN,
    }),
    config: { uploadsBucket: env.UPLOADS_BUCKET, languageCode: env.TRANSCRIBE_LANGUAGE_CODE },
    // Service name, level and sampling come from the POWERTOOLS_* variables the stack sets.
    logger: new Logger(),
  };
}
