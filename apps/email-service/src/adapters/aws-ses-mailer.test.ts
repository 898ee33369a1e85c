import { MessageRejected, SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { userSignedUp } from '@sfe/consumer-toolkit/testing';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { beforeEach, describe, expect, it } from 'vitest';
import { composeEmail } from '../domain/compose-email';
import { createSesMailer } from './aws-ses-mailer';

const ses = mockClient(SESClient);
const from = { name: 'SFE Learning', address: 'no-reply@mail.sfe.example' };
const settings = { brandName: 'SFE Learning', appUrl: 'https://learn.example.com', locale: 'en-GB' };
const email = composeEmail(userSignedUp(), { settings });

describe('createSesMailer', () => {
  beforeEach(() => {
    ses.reset();
  });

  it('sends the built MIME message with SendRawEmail from the verified identity to the learner', async () => {
    // SendRawEmail answers with the SES message id (shape of a real response).
    ses.on(SendRawEmailCommand).resolves({
      MessageId: '0102018f3c5e7a1b-2c3d4e5f-6a7b-8c9d-0e1f-2a3b4c5d6e7f-000000',
      $metadata: { httpStatusCode: 200, requestId: 'b1c2d3e4-0000-4000-8000-000000000001' },
    });
    const mailer = createSesMailer({
      client: new SESClient({ region: 'eu-west-2' }),
      from,
      configurationSetName: 'sfe-transactional',
      now: () => new Date('2026-11-23T10:00:05.000Z'),
    });

    const sent = await mailer.send(email);

    expect(sent).toStrictEqual({
      messageId: '0102018f3c5e7a1b-2c3d4e5f-6a7b-8c9d-0e1f-2a3b4c5d6e7f-000000',
      location: 'ses:0102018f3c5e7a1b-2c3d4e5f-6a7b-8c9d-0e1f-2a3b4c5d6e7f-000000',
    });
    const calls = ses.commandCalls(SendRawEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.Source).toBe('no-reply@mail.sfe.example');
    expect(input?.Destinations).toStrictEqual(['ada@example.com']);
    expect(input?.ConfigurationSetName).toBe('sfe-transactional');
    const parsed = await PostalMime.parse(input?.RawMessage?.Data ?? new Uint8Array());
    expect(parsed.subject).toBe('Welcome to SFE Learning, Ada Lovelace');
    expect(parsed.to).toStrictEqual([{ name: 'Ada Lovelace', address: 'ada@example.com' }]);
    expect(parsed.messageId).toBe(`<${email.eventId}.welcome@mail.sfe.example>`);
  });

  it('lets an SES rejection propagate so the record fails and is retried', async () => {
    ses.on(SendRawEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const mailer = createSesMailer({
      client: new SESClient({ region: 'eu-west-2' }),
      from,
      now: () => new Date(),
    });
    await expect(mailer.send(email)).rejects.toThrow('Email address is not verified.');
  });
});
