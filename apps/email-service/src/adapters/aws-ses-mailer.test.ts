import { AwsServiceError, SES } from '@sfe/aws-fetch';
import { awsQueryAnswering, awsXmlAnswer } from '@sfe/aws-fetch/testing';
import { userSignedUp } from '@sfe/consumer-toolkit/testing';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { composeEmail } from '../domain/compose-email';
import { createSesMailer } from './aws-ses-mailer';

const from = { name: 'SFE Learning', address: 'no-reply@mail.sfe.example' };
const settings = { brandName: 'SFE Learning', appUrl: 'https://learn.example.com', locale: 'en-GB' };
const email = composeEmail(userSignedUp(), { settings });

describe('createSesMailer', () => {
  it('sends the built MIME message with SendRawEmail from the verified identity to the learner', async () => {
    // SendRawEmail's answer as SES sends it (query protocol, XML).
    const { client, sent } = awsQueryAnswering(
      SES,
      awsXmlAnswer(
        200,
        '<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">\n' +
          '  <SendRawEmailResult>\n' +
          '    <MessageId>0102018f3c5e7a1b-2c3d4e5f-6a7b-8c9d-0e1f-2a3b4c5d6e7f-000000</MessageId>\n' +
          '  </SendRawEmailResult>\n' +
          '  <ResponseMetadata>\n' +
          '    <RequestId>b1c2d3e4-0000-4000-8000-000000000001</RequestId>\n' +
          '  </ResponseMetadata>\n' +
          '</SendRawEmailResponse>\n',
      ),
    );
    const mailer = createSesMailer({
      client,
      from,
      configurationSetName: 'sfe-transactional',
      now: () => new Date('2026-11-23T10:00:05.000Z'),
    });

    const result = await mailer.send(email);

    expect(result).toStrictEqual({
      messageId: '0102018f3c5e7a1b-2c3d4e5f-6a7b-8c9d-0e1f-2a3b4c5d6e7f-000000',
      location: 'ses:0102018f3c5e7a1b-2c3d4e5f-6a7b-8c9d-0e1f-2a3b4c5d6e7f-000000',
    });
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.url).toBe('https://email.eu-west-2.amazonaws.com/');
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toMatch(/\/eu-west-2\/ses\/aws4_request, /);
    const form = new URLSearchParams(request?.body);
    expect([...form.keys()]).toStrictEqual([
      'Action',
      'Version',
      'Source',
      'Destinations.member.1',
      'RawMessage.Data',
      'ConfigurationSetName',
    ]);
    expect(form.get('Action')).toBe('SendRawEmail');
    expect(form.get('Version')).toBe('2010-12-01');
    expect(form.get('Source')).toBe('no-reply@mail.sfe.example');
    expect(form.get('Destinations.member.1')).toBe('ada@example.com');
    expect(form.get('ConfigurationSetName')).toBe('sfe-transactional');
    const parsed = await PostalMime.parse(Buffer.from(form.get('RawMessage.Data') ?? '', 'base64'));
    expect(parsed.subject).toBe('Welcome to SFE Learning, Ada Lovelace');
    expect(parsed.to).toStrictEqual([{ name: 'Ada Lovelace', address: 'ada@example.com' }]);
    expect(parsed.messageId).toBe(`<${email.eventId}.welcome@mail.sfe.example>`);
  });

  it('leaves the configuration set out when there is none', async () => {
    const { client, sent } = awsQueryAnswering(
      SES,
      awsXmlAnswer(
        200,
        '<SendRawEmailResponse><SendRawEmailResult><MessageId>m-1</MessageId></SendRawEmailResult></SendRawEmailResponse>',
      ),
    );
    await createSesMailer({ client, from, now: () => new Date() }).send(email);
    expect(new URLSearchParams(sent[0]?.body).has('ConfigurationSetName')).toBe(false);
  });

  it("lets SES's rejection propagate, named by its code, so the record fails and is retried", async () => {
    // SES's error answer for an unverified sender (query protocol).
    const { client } = awsQueryAnswering(
      SES,
      awsXmlAnswer(
        400,
        '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">\n' +
          '  <Error>\n' +
          '    <Type>Sender</Type>\n' +
          '    <Code>MessageRejected</Code>\n' +
          '    <Message>Email address is not verified. The following identities failed the check in region EU-WEST-2: no-reply@mail.sfe.example</Message>\n' +
          '  </Error>\n' +
          '  <RequestId>c2d3e4f5-0000-4000-8000-000000000002</RequestId>\n' +
          '</ErrorResponse>\n',
      ),
    );
    const mailer = createSesMailer({ client, from, now: () => new Date() });
    const error = await mailer.send(email).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({
      name: 'MessageRejected',
      status: 400,
      requestId: 'c2d3e4f5-0000-4000-8000-000000000002',
      retryable: false,
    });
    expect((error as Error).message).toContain('Email address is not verified.');
  });

  it('fails when SES answers without a MessageId', async () => {
    const { client } = awsQueryAnswering(SES, awsXmlAnswer(200, '<SendRawEmailResponse/>'));
    await expect(createSesMailer({ client, from, now: () => new Date() }).send(email)).rejects.toThrow(
      `SES accepted welcome for ${email.eventId} without a MessageId`,
    );
  });
});
