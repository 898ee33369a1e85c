import { type CoursePaymentCompleteData, formatMinorUnits } from '@sfe/events';
import { formatDateTime } from '../dates';
import type { EmailContent, TemplateSettings } from '../email';
import { html } from '../html';
import { button, renderHtmlLayout, renderTextLayout } from '../layout';
import { text } from '../plain-text';

/** CoursePaymentComplete: a receipt thanking the learner for the purchase. */
export function renderReceipt(data: CoursePaymentCompleteData, settings: TemplateSettings): EmailContent {
  const { brandName, appUrl, locale } = settings;
  const amount = formatMinorUnits(data.amount, data.currency, locale);
  const paidAt = formatDateTime(data.completedAt, locale);
  const subject = text`Thanks for your purchase: ${data.courseTitle}`;
  const row = (label: string, value: string) =>
    html`<tr><td style="padding:4px 16px 4px 0;color:#6b7280;">${label}</td><td style="padding:4px 0;">${value}</td></tr>`;
  const body = html`<p>Hi ${data.userName},</p>
<p>Thanks for your purchase! This is your receipt.</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:16px 0;">
${[
  row('Course', data.courseTitle),
  row('Amount paid', amount),
  row('Paid on', paidAt),
  row('Payment reference', data.paymentId),
]}
</table>
${button('Go to your course', appUrl)}`;
  const plain = text`Hi ${data.userName},

Thanks for your purchase! This is your receipt.

Course: ${data.courseTitle}
Amount paid: ${amount}
Paid on: ${paidAt}
Payment reference: ${data.paymentId}

Go to your course: ${appUrl}`;
  return {
    subject,
    html: renderHtmlLayout({ brandName, title: subject, body }),
    text: renderTextLayout(brandName, plain),
  };
}
