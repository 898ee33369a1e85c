import {
  buildSesFeedbackEvent,
  LOCAL_SUPPRESSION_TABLE,
  type SesFeedbackKind,
  suppressionKey,
} from '@sfe/email-service/local-ses-events';
import { openRuntimeAccess } from '@sfe/local-runtime';
import { z } from 'zod';
import { defineCommand, UsageError } from '../command';
import { dataDirOption, resolveDataDirectory } from './runtime-options';

const KIND_LABELS: Readonly<Record<SesFeedbackKind, string>> = {
  'permanent-bounce': 'permanent bounce',
  'transient-bounce': 'transient bounce',
  complaint: 'complaint',
};

/** How long to wait for email-service to take the event when the runtime is running. */
const SETTLE_TIMEOUT_MS = 60_000;

/**
 * `pnpm sfe ses bounce <address>`: SES's "Email Bounced" (or, with `--complaint`, "Email Complaint Received")
 * for an address, shaped as SES publishes it, put on the local default bus; email-service's ses-feedback rule
 * takes it and suppresses the address, so later emails to it are skipped (and the outbox shows none).
 */
export const sesBounceCommand = defineCommand({
  path: ['ses', 'bounce'],
  summary:
    "Simulates SES's bounce (or complaint) of an address in the local runtime: email-service stops mailing it.",
  description:
    "Puts SES's event on the local default bus, shaped as SES sends it to EventBridge. A permanent bounce or a\n" +
    'complaint suppresses the address; a transient bounce (--transient) is logged and suppresses nothing.',
  args: [{ name: 'address', description: 'the recipient SES reports', required: true }],
  options: {
    complaint: {
      type: 'boolean',
      description: 'a complaint ("Email Complaint Received") instead of a bounce',
    },
    transient: { type: 'boolean', description: 'a transient (soft) bounce instead of a permanent one' },
    'data-dir': dataDirOption,
  },
  examples: [
    'pnpm sfe ses bounce grace@example.com',
    'pnpm sfe ses bounce grace@example.com --complaint',
    'pnpm sfe ses bounce grace@example.com --transient',
  ],
  async run({ args, options }, io) {
    const address = args.address.trim();
    if (!z.email().safeParse(address).success) {
      throw new UsageError(`"${args.address}" is not an email address (e.g. grace@example.com)`);
    }
    if (options.complaint && options.transient) {
      throw new UsageError('--complaint and --transient: a complaint is not a bounce; give one of them');
    }
    const kind: SesFeedbackKind = options.complaint
      ? 'complaint'
      : options.transient
        ? 'transient-bounce'
        : 'permanent-bounce';
    const dataDirectory = resolveDataDirectory(options['data-dir'], io);
    const access = await openRuntimeAccess({ dataDirectory });
    try {
      const event = buildSesFeedbackEvent(address, kind);
      const put = await access.putAwsEvent(event);
      io.stdout(
        `SES ${event['detail-type']} (${KIND_LABELS[kind]}) of ${address} on the default bus: event ${put.eventId}, ` +
          `rules ${put.rules.join(', ') || '(none matched)'}\n`,
      );
      if (access.mode !== 'http') {
        io.stdout(`(${access.description})\n`);
        return 0;
      }
      await access.idle(SETTLE_TIMEOUT_MS);
      const key = suppressionKey(address);
      const [suppression] = await access.query(LOCAL_SUPPRESSION_TABLE, key.pk, key.sk);
      io.stdout(
        suppression
          ? `email-service: ${address} is suppressed (${String(suppression.reason)} since ${String(suppression.suppressedAt)}): no email goes to it\n`
          : `email-service: ${address} is not suppressed${kind === 'transient-bounce' ? ' (a transient bounce suppresses nothing)' : ''}\n`,
      );
      return 0;
    } finally {
      await access.close();
    }
  },
});
