import type { CertificateGeneratedData } from '@sfe/events';
import type { EmailContent, TemplateSettings } from '../email';
import { html } from '../html';
import { button, renderHtmlLayout, renderTextLayout } from '../layout';
import { text } from '../plain-text';

/**
 * CertificateGenerated: the certificate is ready, with its download address. That address belongs to
 * certificate-service and does not expire (each visit redirects to a fresh short-lived link), so the email
 * keeps working and promises no deadline.
 */
export function renderCertificateReady(
  data: CertificateGeneratedData,
  settings: TemplateSettings,
): EmailContent {
  const { brandName } = settings;
  const subject = text`Your certificate for ${data.courseTitle} is ready`;
  const body = html`<p>Hi ${data.userName},</p>
<p>Your certificate for <strong>${data.courseTitle}</strong> is ready.</p>
${button('Download your certificate', data.downloadUrl)}
<p style="font-size:14px;color:#6b7280;">Certificate id: ${data.certificateId}.</p>`;
  const plain = text`Hi ${data.userName},

Your certificate for ${data.courseTitle} is ready.

Download your certificate: ${data.downloadUrl}

Certificate id: ${data.certificateId}.`;
  return {
    subject,
    html: renderHtmlLayout({ brandName, title: subject, body }),
    text: renderTextLayout(brandName, plain),
  };
}
