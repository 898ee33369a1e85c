import { coursePaymentComplete, userSignedUp, videoProcessingFailed } from '@sfe/consumer-toolkit/testing';
import { describe, expect, it } from 'vitest';
import { HOSTILE_NAME } from '../../test/hostile-name';
import { describeEvent } from './notification';
import { escapeTelegramHtml, toTelegramMessage } from './telegram-message';

const options = { locale: 'en-GB' };

describe('escapeTelegramHtml', () => {
  it('escapes what Telegram HTML mode requires', () => {
    expect(escapeTelegramHtml('<b>"A" & B</b>')).toBe('&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;');
  });
});

describe('toTelegramMessage', () => {
  it('renders an HTML message with bold labels and no link preview', () => {
    expect(
      toTelegramMessage(describeEvent(coursePaymentComplete(), options), '-1001234567890'),
    ).toStrictEqual({
      chat_id: '-1001234567890',
      text: [
        '🎉 <b>Payment received: £49.99</b>',
        '',
        '<b>Amount:</b> £49.99',
        '<b>Course:</b> Event-Driven Architecture',
        '<b>Learner:</b> Ada Lovelace (ada@example.com)',
        '<b>Payment id:</b> pay-42',
        '<b>Paid:</b> 2026-11-23T09:58:00.000Z',
        '',
        '<i>event 1c7f8c6f-7b9d-4a66-8b62-4a9a1e3e2b02</i>',
      ].join('\n'),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  it('escapes every value so a name cannot inject tags', () => {
    const { text } = toTelegramMessage(describeEvent(userSignedUp({ name: HOSTILE_NAME }), options), '42');
    expect(text).toContain(
      '<b>Name:</b> &lt;!channel&gt; &lt;@U123|boss&gt; &amp; &lt;script&gt;&quot;x&quot;&lt;/script&gt;',
    );
    expect(text.match(/<\/?[a-z]+>/g)?.every((tag) => /^<\/?(b|i|pre)>$/.test(tag))).toBe(true);
  });

  it('shows failure details in a <pre> block, cut to stay under the 4,096 character limit', () => {
    const { text } = toTelegramMessage(
      describeEvent(videoProcessingFailed({ failureReason: 'x'.repeat(4096) }), options),
      '42',
    );
    expect(text).toMatch(/<pre>x+…<\/pre>/);
    expect(text.length).toBeLessThan(4096);
  });
});
