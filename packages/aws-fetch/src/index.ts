export {
  AwsCallFailedError,
  AwsServiceError,
  awsEndpoint,
  awsRegion,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
  type SendOptions,
  sendWithRetries,
} from './aws-call';
export {
  type AwsJsonClient,
  type AwsJsonClientOptions,
  type AwsJsonService,
  createAwsJsonClient,
  DYNAMODB,
  EVENTBRIDGE,
  SECRETS_MANAGER,
  SQS,
  TRANSCRIBE,
} from './json-protocol';
export {
  type AwsQueryClient,
  type AwsQueryService,
  createAwsQueryClient,
  SES,
} from './query-protocol';
export {
  type AwsRestJsonClient,
  type AwsRestJsonService,
  createAwsRestJsonClient,
  MEDIACONVERT,
} from './rest-json-protocol';
export { createS3Objects, type S3Objects, type S3ObjectsOptions } from './s3';
export {
  type AwsCredentials,
  createSigningFetch,
  type ServiceCallOptions,
  type SigningFetchOptions,
} from './signing-fetch';
export { type HttpAnswer, type HttpFetch, type HttpRequestInit, nodeHttpFetch } from './transport';
export { xmlElement } from './xml';
