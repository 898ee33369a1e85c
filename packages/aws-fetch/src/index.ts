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
  SQS,
} from './json-protocol';
export { createS3Objects, type S3Objects, type S3ObjectsOptions } from './s3';
export { type AwsCredentials, createSigningFetch, type SigningFetchOptions } from './signing-fetch';
export { type HttpAnswer, type HttpFetch, type HttpRequestInit, nodeHttpFetch } from './transport';
