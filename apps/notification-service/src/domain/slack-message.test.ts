import { userSignedUp, videoProcessingFailed } from '@sfe/consumer-toolkit/testing';
import { describe, expect, it } from 'vitest';
import { HOSTILE_NAME } from '../../test/hostile-name';
import { describeEvent } from './notification';
import { escapeSlackText, toSlackMessage } from './slack-message';

const options = { locale: 'en-GB' };

describe('escapeSlackText', () => {
  it('escapes the three characters Slack reserves for links and mentions', () => {
    expect(escapeSlackText('<!channel> & <https://evil|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;https://evil|click&gt;',
    );
  });
});

describe('toSlackMessage', () => {
  it('renders Block Kit blocks with a text fallback, links not unfurled', () => {
    expect(toSlackMessage(describeEvent(userSignedUp(), options), 'C0123456789')).toStrictEqual({
      channel: 'C0123456789',
      text: ':tada: New signup: Ada Lovelace',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'New signup: Ada Lovelace', emoji: true } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Name*\nAda Lovelace' },
            { type: 'mrkdwn', text: '*Email*\nada@example.com' },
            { type: 'mrkdwn', text: '*User id*\nuser-1' },
            { type: 'mrkdwn', text: '*Signed up*\n2026-11-23T09:59:00.000Z' },
          ],
        },
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'event 0b6f7b5e-6a8c-4f55-9a51-3f8f0d2d1a01' }],
        },
      ],
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  it('puts failure details in a code block and marks the alert', () => {
    const message = toSlackMessage(describeEvent(videoProcessingFailed(), options), 'C0123456789');
    expect(message.text).toBe(':rotating_light: Video processing failed: Intro to queues');
    expect(message.blocks[2]).toStrictEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '```Transcribe job failed: unsupported media format```' },
    });
  });

  it('cannot mention @channel or forge links through a name', () => {
    const message = toSlackMessage(
      describeEvent(userSignedUp({ name: HOSTILE_NAME }), options),
      'C0123456789',
    );
    const mrkdwn = [message.text, ...JSON.stringify(message.blocks.slice(1)).split('"text":').slice(1)].join(
      '',
    );
    expect(mrkdwn).not.toMatch(/<[!@]/);
    expect(message.text).toBe(
      ':tada: New signup: &lt;!channel&gt; &lt;@U123|boss&gt; &amp; &lt;script&gt;"x"&lt;/script&gt;',
    );
    expect(message.blocks[0]).toStrictEqual({
      type: 'header',
      text: { type: 'plain_text', text: `New signup: ${HOSTILE_NAME}`, emoji: true },
    });
  });

  it('keeps within Block Kit limits even for long, escape-heavy text', () => {
    const message = toSlackMessage(
      describeEvent(videoProcessingFailed({ failureReason: '&'.repeat(4096) }), options),
      'C1',
    );
    const details = message.blocks[2] as { text: { text: string } };
    expect(details.text.text.length).toBeLessThanOrEqual(3000);
    expect(details.text.text.endsWith('&amp;…```')).toBe(true);
  });
});
