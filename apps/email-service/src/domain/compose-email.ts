import { type DomainEventOfType, type EventDataOf, EventType, upgradeEvent } from '@sfe/events';
import type { Email, EmailContent, EmailKind, Recipient, TemplateSettings } from './email';
import { renderCertificateReady } from './templates/certificate-ready';
import { renderCourseCompleted } from './templates/course-completed';
import { renderReceipt } from './templates/receipt';
import { renderWelcome } from './templates/welcome';

/** The events this service emails about, every version it accepts. */
export type EmailEvent =
  | DomainEventOfType<typeof EventType.UserSignedUp>
  | DomainEventOfType<typeof EventType.CoursePaymentComplete>
  | DomainEventOfType<typeof EventType.CourseCompleted>
  | DomainEventOfType<typeof EventType.CertificateGenerated>;

/** What composing needs beyond the event. */
export interface ComposeContext {
  readonly settings: TemplateSettings;
}

/**
 * The email an event produces. Pure: same event and context, same email. CourseCompleted v1 is read as v2;
 * CertificateGenerated v1 (no download address) throws `EventUpgradeError`, so it fails into the DLQ with why.
 * @example composeEmail(userSignedUp, { settings }) // { kind: 'welcome', subject: 'Welcome to …', … }
 */
export function composeEmail(event: EmailEvent, context: ComposeContext): Email {
  const current = upgradeEvent(event);
  // Nested discriminants do not narrow `data` in TypeScript; the table is keyed by the same type.
  const render = RENDERERS[current.metadata.type as EmailEventType] as (
    data: unknown,
    context: ComposeContext,
  ) => Rendered;
  const { kind, to, content } = render(current.data, context);
  return { kind, eventId: current.metadata.id, to, ...content };
}

type EmailEventType = EmailEvent['metadata']['type'];

interface Rendered {
  readonly kind: EmailKind;
  readonly to: Recipient;
  readonly content: EmailContent;
}

/** One renderer per event type, reading the type's current payload. */
const RENDERERS: { [T in EmailEventType]: (data: EventDataOf<T>, context: ComposeContext) => Rendered } = {
  [EventType.UserSignedUp]: (data, { settings }) => ({
    kind: 'welcome',
    to: { name: data.name, address: data.email },
    content: renderWelcome(data, settings),
  }),
  [EventType.CoursePaymentComplete]: (data, { settings }) => ({
    kind: 'receipt',
    to: { name: data.userName, address: data.email },
    content: renderReceipt(data, settings),
  }),
  [EventType.CourseCompleted]: (data, { settings }) => ({
    kind: 'course-completed',
    to: { name: data.userName, address: data.email },
    content: renderCourseCompleted(data, settings),
  }),
  [EventType.CertificateGenerated]: (data, { settings }) => ({
    kind: 'certificate-ready',
    to: { name: data.userName, address: data.email },
    content: renderCertificateReady(data, settings),
  }),
};
