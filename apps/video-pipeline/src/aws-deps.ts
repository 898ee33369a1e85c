import { Logger } from '@aws-lambda-powertools/logger';
import { MediaConvertClient } from '@aws-sdk/client-mediaconvert';
import { TranscribeClient } from '@aws-sdk/client-transcribe';
import { createDynamoTableStore } from '@sfe/records/aws';
import { createAwsTranscoder } from './adapters/aws-transcoder';
import { createAwsTranscriber } from './adapters/aws-transcriber';
import { readVideoPipelineEnv } from './env';
import type { HandlerDeps } from './handler';

/**
 * The Lambda functions' dependencies, from the environment: the platform table (DynamoDB through
 * `@sfe/aws-fetch`), Transcribe and MediaConvert clients.
 */
export function createAwsDeps(): HandlerDeps {
  const env = readVideoPipelineEnv();
  return {
    table: createDynamoTableStore({ tableName: env.TABLE_NAME }),
    transcriber: createAwsTranscriber(new TranscribeClient({})),
    transcoder: createAwsTranscoder(new MediaConvertClient({}), { roleArn: env.MEDIACONVERT_ROLE_ARN }),
    config: { uploadsBucket: env.UPLOADS_BUCKET, languageCode: env.TRANSCRIBE_LANGUAGE_CODE },
    // Service name, level and sampling come from the POWERTOOLS_* variables the stack sets.
    logger: new Logger(),
  };
}
