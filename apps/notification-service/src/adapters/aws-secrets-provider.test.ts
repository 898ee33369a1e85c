import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SECRETS_MANAGER } from '@sfe/aws-fetch';
import {
  awsJsonAnswer,
  awsJsonAnswering,
  type SentRequest,
  sdkRecordingHandler,
} from '@sfe/aws-fetch/testing';
import { describe, expect, it } from 'vitest';
import { SecretsManagerFetchProvider } from './aws-secrets-provider';

const secretId =
  'arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/notification-service/bot-tokens-AbCdEf';
// GetSecretValue's answer as Secrets Manager sends it (JSON 1.1; dates as epoch seconds).
const secretValue = {
  ARN: secretId,
  Name: 'prod/notification-service/bot-tokens',
  VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  SecretString: '{"slackBotToken":"xoxb-1-2-abc"}',
  VersionStages: ['AWSCURRENT'],
  CreatedDate: 1.7960832e9,
};
const notFound = {
  __type: 'ResourceNotFoundException',
  Message: "Secrets Manager can't find the specified secret.",
};

/**
 * Ours and Powertools' own provider, each answered with `answer` (Secrets Manager's wire response) for every
 * request: ours through a recording fetch, Powertools' through its SDK client on a recording request handler.
 */
function providers(answer: { status: number; body: unknown }) {
  const toResponse = () => awsJsonAnswer(answer.status, answer.body)();
  const { client, sent: oursSent } = awsJsonAnswering(SECRETS_MANAGER, toResponse, toResponse);
  const { requestHandler, sent: theirsSent } = sdkRecordingHandler(toResponse, toResponse);
  const sdk = new SecretsManagerClient({
    region: 'eu-west-2',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: requestHandler as unknown as SecretsManagerClient['config']['requestHandler'],
  });
  return {
    ours: new SecretsManagerFetchProvider({ client }),
    theirs: new SecretsProvider({ awsSdkV3Client: sdk }),
    oursSent,
    theirsSent,
  };
}

const callsOf = (sent: readonly Pick<SentRequest, 'headers' | 'body'>[]) =>
  sent.map((request) => [request.headers['x-amz-target'], JSON.parse(request.body)]);

describe('SecretsManagerFetchProvider', () => {
  it("gets a secret as Powertools' SecretsProvider does: the same GetSecretValue, the same value, cached", async () => {
    const { ours, theirs, oursSent, theirsSent } = providers({ status: 200, body: secretValue });
    for (const provider of [ours, theirs]) {
      expect(await provider.get(secretId, { transform: 'json', maxAge: 300 })).toStrictEqual({
        slackBotToken: 'xoxb-1-2-abc',
      });
      await provider.get(secretId, { transform: 'json', maxAge: 300 });
    }
    expect(callsOf(oursSent)).toStrictEqual(callsOf(theirsSent));
    expect(callsOf(oursSent)).toStrictEqual([['secretsmanager.GetSecretValue', { SecretId: secretId }]]);
    expect(oursSent[0]?.url).toBe('https://secretsmanager.eu-west-2.amazonaws.com/');
    expect(oursSent[0]?.headers['content-type']).toBe('application/x-amz-json-1.1');
  });

  it('gives a binary secret as bytes, as the SDK does', async () => {
    const { ours, theirs } = providers({
      status: 200,
      body: {
        ...secretValue,
        SecretString: undefined,
        SecretBinary: Buffer.from('bytes').toString('base64'),
      },
    });
    const [oursValue, theirsValue] = await Promise.all([ours.get(secretId), theirs.get(secretId)]);
    expect(Buffer.from(oursValue as Uint8Array).toString()).toBe('bytes');
    expect(Buffer.from(oursValue as Uint8Array)).toStrictEqual(Buffer.from(theirsValue as Uint8Array));
  });

  it('fails as Powertools does when the secret is missing, and with throwOnMissing', async () => {
    const { ours, theirs } = providers({ status: 400, body: notFound });
    const failures = await Promise.all(
      [ours, theirs].flatMap((provider) => [
        provider.get(secretId).catch((e: unknown) => e),
        provider.get(secretId, { throwOnMissing: true }).catch((e: unknown) => e),
      ]),
    );
    const [oursError, oursMissing, theirsError, theirsMissing] = failures as Error[];
    expect([oursError?.name, oursMissing?.name]).toStrictEqual([
      'GetParameterError',
      'ParameterNotFoundError',
    ]);
    expect([theirsError?.name, theirsMissing?.name]).toStrictEqual([oursError?.name, oursMissing?.name]);
    expect(oursMissing?.message).toBe(theirsMissing?.message);
  });
});

describe('SecretsManagerFetchProvider.getMultiple', () => {
  it('refuses, naming why, and sends nothing (Secrets Manager has no get-by-path)', async () => {
    const { ours, oursSent } = providers({ status: 200, body: secretValue });
    const failure = await ours.getMultiple('prod/notification-service/').catch((e: unknown) => e);
    expect(String(failure)).toMatch(/getMultiple is not supported: Secrets Manager has no get-by-path/);
    expect(oursSent).toHaveLength(0);
  });
});
