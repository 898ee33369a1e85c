import type { CourseCompletedData } from '@sfe/events';
import { formatDate } from '../dates';
import type { EmailContent, TemplateSettings } from '../email';
import { html } from '../html';
import { renderHtmlLayout, renderTextLayout } from '../layout';
import { text } from '../plain-text';

/** CourseCompleted (read as v2): congratulate the learner; the certificate follows in its own email. */
export function renderCourseCompleted(data: CourseCompletedData, settings: TemplateSettings): EmailContent {
  const { brandName, locale } = settings;
  const completedOn = formatDate(data.completedAt, locale);
  const subject = text`Congratulations on completing ${data.courseTitle}`;
  const body = html`<p>Hi ${data.userName},</p>
<p>Congratulations! You completed <strong>${data.courseTitle}</strong> on ${completedOn}.</p>
<p>We are preparing your certificate and will email you a download link as soon as it is ready.</p>`;
  const plain = text`Hi ${data.userName},

Congratulations! You completed ${data.courseTitle} on ${completedOn}.

We are preparing your certificate and will email you a download link as soon as it is ready.`;
  return {
    subject,
    html: renderHtmlLayout({ brandName, title: subject, body }),
    text: renderTextLayout(brandName, plain),
  };
}
