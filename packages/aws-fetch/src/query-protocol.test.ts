import { describe, expect, it } from 'vitest';
import { AwsCallFailedError, AwsServiceError } from './aws-call';
import { createAwsQueryClient, SES } from './query-protocol';
import { awsQueryAnswering, awsXmlAnswer, recordingFetch } from './testing';
import { xmlElement } from './xml';

describe('createAwsQueryClient', () => {
  it('POSTs the action, the version and the fields as a form, RFC 3986-encoded, leaving out undefined ones', async () => {
    const { client, sent } = awsQueryAnswering(
      SES,
      awsXmlAnswer(
        200,
        '<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>m-1</MessageId></SendRawEmailResult></SendRawEmailResponse>',
      ),
    );
    const answer = await client.call('SendRawEmail', {
      Source: "Ada O'Hara <ada+news@example.com>",
      'Destinations.member.1': 'b@example.com',
      ConfigurationSetName: undefined,
    });
    expect(xmlElement(answer, 'MessageId')).toBe('m-1');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('https://email.eu-west-2.amazonaws.com/');
    expect(sent[0]?.method).toBe('POST');
    expect(sent[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent[0]?.body).toBe(
      'Action=SendRawEmail&Version=2010-12-01&Source=Ada%20O%27Hara%20%3Cada%2Bnews%40example.com%3E&Destinations.member.1=b%40example.com',
    );
    expect(sent[0]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-2\/ses\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
  });

  it('throws the <ErrorResponse> as an AwsServiceError named by its Code, entities decoded', async () => {
    const { client } = awsQueryAnswering(
      SES,
      awsXmlAnswer(
        400,
        '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>InvalidParameterValue</Code><Message>Missing final &apos;@domain&apos; &amp; more</Message></Error><RequestId>r-9</RequestId></ErrorResponse>',
      ),
    );
    const error = await client.call('SendRawEmail', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'InvalidParameterValue',
      message: "InvalidParameterValue (HTTP 400): Missing final '@domain' & more",
      requestId: 'r-9',
      retryable: false,
    });
  });

  it("retries SES's Throttling (sending rate exceeded), then gives up with it", async () => {
    const throttled = awsXmlAnswer(
      400,
      '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
    );
    const { fetch, sent } = recordingFetch([throttled, throttled]);
    const client = createAwsQueryClient(SES, {
      region: 'eu-west-2',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      fetch,
      retry: { maxAttempts: 2 },
      sleep: async () => {},
    });
    const error = await client.call('SendRawEmail', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallFailedError);
    expect((error as Error).message).toBe(
      'ses SendRawEmail failed after 2 attempts: Throttling: Throttling (HTTP 400): Maximum sending rate exceeded.',
    );
    expect(sent).toHaveLength(2);
  });
});

describe('xmlElement', () => {
  it("reads the first element's text with XML's entities decoded, or undefined", () => {
    expect(xmlElement('<a><MessageId>x&lt;1&gt;&#39;&#x41;</MessageId></a>', 'MessageId')).toBe("x<1>'A");
    expect(xmlElement('<a><Other>1</Other></a>', 'MessageId')).toBeUndefined();
  });
});
