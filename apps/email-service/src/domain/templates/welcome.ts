import type { UserSignedUpData } from '@sfe/events';
import type { EmailContent, TemplateSettings } from '../email';
import { html } from '../html';
import { button, renderHtmlLayout, renderTextLayout } from '../layout';
import { text } from '../plain-text';

/** UserSignedUp: welcome the new learner and point them at the app. */
export function renderWelcome(data: UserSignedUpData, settings: TemplateSettings): EmailContent {
  const { brandName, appUrl } = settings;
  const subject = text`Welcome to ${brandName}, ${data.name}`;
  const body = html`<p>Hi ${data.name},</p>
<p>Welcome to ${brandName}! Your account for <strong>${data.email}</strong> is ready.</p>
<p>Browse the catalogue, enrol in a course and learn at your own pace.</p>
${button('Start learning', appUrl)}`;
  const plain = text`Hi ${data.name},

Welcome to ${brandName}! Your account for ${data.email} is ready.

Browse the catalogue, enrol in a course and learn at your own pace.

Start learning: ${appUrl}`;
  return {
    subject,
    html: renderHtmlLayout({ brandName, title: subject, body }),
    text: renderTextLayout(brandName, plain),
  };
}
