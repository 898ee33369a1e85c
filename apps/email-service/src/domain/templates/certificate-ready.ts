import type { CertificateGeneratedData } from '@sfe/events';
import { formatDateTime } from '../dates';
import type { EmailContent, TemplateSettings } from '../email';
import { html } from '../html';
import { button, renderHtmlLayout, renderTextLayout } from '../layout';
import { text } from '../plain-text';

/** A short-lived link to the certificate PDF, signed by the caller (S3 presigned in AWS). */
export interface DownloadLink {
  readonly url: string;
  readonly expiresAt: Date;
}

/** CertificateGenerated: the certificate is ready, with a download link that expires. */
export function renderCertificateReady(
  data: CertificateGeneratedData,
  link: DownloadLink,
  settings: TemplateSettings,
): EmailContent {
  const { brandName, locale } = settings;
  const expires = formatDateTime(link.expiresAt, locale);
  const subject = text`Your certificate for ${data.courseTitle} is ready`;
  const body = html`<p>Hi ${data.userName},</p>
<p>Your certificate for <strong>${data.courseTitle}</strong> is ready.</p>
${button('Download your certificate', link.url)}
<p style="font-size:14px;color:#6b7280;">This link works until ${expires}. Certificate id: ${data.certificateId}.</p>`;
  const plain = text`Hi ${data.userName},

Your certificate for ${data.courseTitle} is ready.

Download your certificate: ${link.url}

This link works until ${expires}. Certificate id: ${data.certificateId}.`;
  return {
    subject,
    html: renderHtmlLayout({ brandName, title: subject, body }),
    text: renderTextLayout(brandName, plain),
  };
}
