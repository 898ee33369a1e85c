/** Which email an event produces; also names the `.eml` file locally. */
export type EmailKind = 'welcome' | 'receipt' | 'course-completed' | 'certificate-ready';

export interface Recipient {
  readonly name: string;
  readonly address: string;
}

/** What a template renders: both parts escape every interpolated value. */
export interface EmailContent {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/** An email ready to send: content plus who it goes to and the event it answers. */
export interface Email extends EmailContent {
  readonly kind: EmailKind;
  /** The event's `metadata.id`: the Message-ID and the outbox file name derive from it. */
  readonly eventId: string;
  readonly to: Recipient;
}

/** Settings every template reads (from env in AWS, from local settings locally). */
export interface TemplateSettings {
  /** Shown in subjects, greetings and the footer, e.g. `SFE Learning`. */
  readonly brandName: string;
  /** Where learners sign in, e.g. `https://learn.example.com`. */
  readonly appUrl: string;
  /** BCP 47 locale for amounts and dates, e.g. `en-GB`. */
  readonly locale: string;
}
