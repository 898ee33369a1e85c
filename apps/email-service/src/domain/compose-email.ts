import { type CurrentEventOf, type DomainEventOfType, EventType, upgradeEvent } from '@sfe/events';
import type { Email, EmailContent, EmailKind, Recipient, TemplateSettings } from './email';
import { type DownloadLink, renderCertificateReady } from './templates/certificate-ready';
import { renderCourseCompleted } from './templates/course-completed';
import { renderReceipt } from './templates/receipt';
import { renderWelcome } from './templates/welcome';

/** The events this service emails about, every version it accepts. */
export type EmailEvent =
  | DomainEventOfType<typeof EventType.UserSignedUp>
  | DomainEventOfType<typeof EventType.CoursePaymentComplete>
  | DomainEventOfType<typeof EventType.CourseCompleted>
  | DomainEventOfType<typeof EventType.CertificateGenerated>;

/** What composing needs beyond the event: settings, and for a certificate its signed link. */
export interface ComposeContext {
  readonly settings: TemplateSettings;
  /** Required for CertificateGenerated; the handler signs it before composing. */
  readonly certificateLink?: DownloadLink;
}

export class EmailCompositionError extends Error {
  override name = 'EmailCompositionError';
}

/**
 * The email an event produces. Pure: same event and context, same email. CourseCompleted v1 is read as v2.
 * @example composeEmail(userSignedUp, { settings }) // { kind: 'welcome', subject: 'Welcome to …', … }
 */
export function composeEmail(event: EmailEvent, context: ComposeContext): Email {
  const current = upgradeEvent(event) as CurrentEmailEvent;
  const { kind, to, content } = render(current, context);
  return { kind, eventId: current.metadata.id, to, ...content };
}

type CurrentEmailEvent =
  | CurrentEventOf<typeof EventType.UserSignedUp>
  | CurrentEventOf<typeof EventType.CoursePaymentComplete>
  | CurrentEventOf<typeof EventType.CourseCompleted>
  | CurrentEventOf<typeof EventType.CertificateGenerated>;

function render(
  event: CurrentEmailEvent,
  { settings, certificateLink }: ComposeContext,
): { kind: EmailKind; to: Recipient; content: EmailContent } {
  switch (event.metadata.type) {
    case EventType.UserSignedUp: {
      const data = event.data as CurrentEventOf<'UserSignedUp'>['data'];
      return {
        kind: 'welcome',
        to: { name: data.name, address: data.email },
        content: renderWelcome(data, settings),
      };
    }
    case EventType.CoursePaymentComplete: {
      const data = event.data as CurrentEventOf<'CoursePaymentComplete'>['data'];
      return {
        kind: 'receipt',
        to: { name: data.userName, address: data.email },
        content: renderReceipt(data, settings),
      };
    }
    case EventType.CourseCompleted: {
      const data = event.data as CurrentEventOf<'CourseCompleted'>['data'];
      return {
        kind: 'course-completed',
        to: { name: data.userName, address: data.email },
        content: renderCourseCompleted(data, settings),
      };
    }
    case EventType.CertificateGenerated: {
      const data = event.data as CurrentEventOf<'CertificateGenerated'>['data'];
      if (!certificateLink) {
        throw new EmailCompositionError(
          `CertificateGenerated ${event.metadata.id} needs a signed download link to compose its email`,
        );
      }
      return {
        kind: 'certificate-ready',
        to: { name: data.userName, address: data.email },
        content: renderCertificateReady(data, certificateLink, settings),
      };
    }
  }
}
