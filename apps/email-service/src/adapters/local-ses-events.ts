import { randomBytes, randomUUID } from 'node:crypto';
import {
  CONFIGURATION_SET_TAG,
  EMAIL_BOUNCED,
  EMAIL_COMPLAINT_RECEIVED,
  SES_SOURCE,
  type SesFeedbackEvent,
} from '../aws-events/ses-feedback';
import { LOCAL_CONFIGURATION_SET } from '../subscription';

// What a tool reading the local suppression list needs (`pnpm sfe ses bounce` shows the outcome).
export { LOCAL_SUPPRESSION_TABLE } from '../service';
export { suppressionKey } from './suppression-list';

/** What SES reports about an address: a hard bounce, a soft one, or a complaint. */
export type SesFeedbackKind = 'permanent-bounce' | 'transient-bounce' | 'complaint';

/** Where a simulated SES event comes from: the pretend account, region, configuration set and sender. */
export interface LocalSesEnvironment {
  readonly account: string;
  readonly region: string;
  readonly configurationSetName: string;
  readonly sender: string;
  readonly now: () => Date;
  /** SES's ids look like `0102019a5c44e8a1-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000`. */
  readonly newSesId: () => string;
  readonly newEventId: () => string;
}

/** The local runtime's SES: LocalStack's "no real account", the local configuration set and sender. */
export function localSesEnvironment(overrides: Partial<LocalSesEnvironment> = {}): LocalSesEnvironment {
  return {
    account: '000000000000',
    region: 'us-east-1',
    configurationSetName: LOCAL_CONFIGURATION_SET,
    sender: 'no-reply@sfe.localhost',
    now: () => new Date(),
    newSesId: () => `${randomBytes(8).toString('hex')}-${randomUUID()}-000000`,
    newEventId: randomUUID,
    ...overrides,
  };
}

/**
 * The SES event a bounce or complaint of `address` produces, exactly as SES publishes it to EventBridge
 * through a configuration set (the shape of `fixtures/`, see its README): what `pnpm sfe ses bounce` puts on
 * the local default bus, so email-service's ses-feedback rule and handler take it as they take AWS's.
 * Hand-built because SES has no local emulator that publishes to EventBridge.
 */
export function buildSesFeedbackEvent(
  address: string,
  kind: SesFeedbackKind,
  environment: LocalSesEnvironment = localSesEnvironment(),
): SesFeedbackEvent {
  const now = environment.now();
  const feedbackAt = now.toISOString();
  const sentAt = new Date(now.getTime() - 2_000).toISOString();
  const messageId = environment.newSesId();
  const subject = 'Message sent through the local runtime';
  const mail = {
    timestamp: sentAt,
    source: environment.sender,
    sourceArn: `arn:aws:ses:${environment.region}:${environment.account}:identity/${environment.sender}`,
    sendingAccountId: environment.account,
    messageId,
    destination: [address],
    headersTruncated: false,
    headers: [
      { name: 'From', value: environment.sender },
      { name: 'To', value: address },
      { name: 'Subject', value: subject },
      { name: 'MIME-Version', value: '1.0' },
      { name: 'Content-Type', value: 'multipart/alternative; boundary="----=_Part_0_local"' },
    ],
    commonHeaders: { from: [environment.sender], to: [address], messageId, subject },
    tags: {
      [CONFIGURATION_SET_TAG]: [environment.configurationSetName],
      'ses:source-ip': ['192.0.2.0'],
      'ses:from-domain': [environment.sender.slice(environment.sender.indexOf('@') + 1)],
      'ses:caller-identity': ['local'],
    },
  };
  const envelope = {
    version: '0',
    id: environment.newEventId(),
    account: environment.account,
    // EventBridge stamps `time` to the second.
    time: feedbackAt.replace(/\.\d{3}Z$/, 'Z'),
    region: environment.region,
    resources: [] as string[],
  };
  if (kind === 'complaint') {
    return {
      ...envelope,
      source: SES_SOURCE,
      'detail-type': EMAIL_COMPLAINT_RECEIVED,
      detail: {
        eventType: 'Complaint',
        complaint: {
          complainedRecipients: [{ emailAddress: address }],
          timestamp: feedbackAt,
          feedbackId: environment.newSesId(),
          userAgent: 'sfe local runtime',
          complaintFeedbackType: 'abuse',
          arrivalDate: feedbackAt,
        },
        mail,
      },
    };
  }
  const permanent = kind === 'permanent-bounce';
  return {
    ...envelope,
    source: SES_SOURCE,
    'detail-type': EMAIL_BOUNCED,
    detail: {
      eventType: 'Bounce',
      bounce: {
        bounceType: permanent ? 'Permanent' : 'Transient',
        bounceSubType: permanent ? 'General' : 'MailboxFull',
        bouncedRecipients: [
          {
            emailAddress: address,
            action: 'failed',
            status: permanent ? '5.1.1' : '4.2.2',
            diagnosticCode: permanent ? 'smtp; 550 5.1.1 user unknown' : 'smtp; 452 4.2.2 Mailbox full',
          },
        ],
        timestamp: feedbackAt,
        feedbackId: environment.newSesId(),
        reportingMTA: 'dsn; mta.localhost',
      },
      mail,
    },
  };
}
