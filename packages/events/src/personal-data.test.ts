import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadAllFixtures, loadFixture } from './fixtures';
import {
  dataFieldsOf,
  personalFieldNames,
  personalFieldsOf,
  personalFieldsOfVersion,
  personalValuesOf,
  REDACTED,
  redactEvent,
  redactEventWithPaths,
  redactPersonalText,
} from './personal-data';
import { personalField } from './personal-data-marks';
import { EVENT_DEFINITIONS } from './registry';

/** Written out by hand on purpose: a field newly marked (or unmarked) must be a visible change here. */
const EXPECTED_PERSONAL_FIELDS: Record<string, string[]> = {
  'UserSignedUp@1': ['email', 'name'],
  'AccountDeactivated@1': ['email', 'name'],
  'CourseRegistered@1': ['userName', 'email'],
  'CourseCompleted@1': ['userName', 'email'],
  'CourseCompleted@2': ['userName', 'email'],
  'CoursePaymentComplete@1': ['userName', 'email'],
  'PaymentCompleted@1': [],
  'CertificateGenerated@1': ['userName', 'email'],
  'CertificateGenerated@2': ['userName', 'email'],
  'VideoPublished@1': [],
  'VideoProcessingFailed@1': [],
  'SupportTicketOpened@1': ['subject'],
};

function valueAt(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], data);
}

describe('personalFieldsOf', () => {
  it('reads the marks of every event type and version from its schema', () => {
    expect(
      Object.fromEntries(EVENT_DEFINITIONS.map((d) => [`${d.type}@${d.version}`, personalFieldsOf(d)])),
    ).toStrictEqual(EXPECTED_PERSONAL_FIELDS);
  });

  it('follows nested objects and optional or nullable fields', () => {
    const dataSchema = z.object({
      id: z.string(),
      contact: z.object({ email: personalField(z.email(), 'email'), city: z.string() }).optional(),
      nickname: personalField(z.string(), 'name').nullable(),
    });
    expect(personalFieldsOf({ dataSchema })).toStrictEqual(['contact.email', 'nickname']);
  });

  it('lists the top-level data fields in schema order, each saying whether it is personal', () => {
    expect(dataFieldsOf(EVENT_DEFINITIONS[0])).toStrictEqual([
      { field: 'userId', personal: false },
      { field: 'email', personal: true },
      { field: 'name', personal: true },
      { field: 'signedUpAt', personal: false },
    ]);
    const dataSchema = z.object({ contact: z.object({ email: personalField(z.email(), 'email') }) });
    expect(dataFieldsOf({ dataSchema })).toStrictEqual([{ field: 'contact', personal: true }]);
  });

  it('knows nothing of a type or version the registry does not define', () => {
    expect(personalFieldsOfVersion('UserSignedUp', 9)).toBeUndefined();
    expect(personalFieldsOfVersion('S3ObjectCreated', 1)).toBeUndefined();
  });
});

describe.each(loadAllFixtures())(
  'redactEvent of the $type v$version fixture',
  ({ type, version, ...fixture }) => {
    const event = fixture.event as typeof fixture.event & {
      detail: { metadata: Record<string, unknown>; data: Record<string, unknown> };
    };
    const fields = EXPECTED_PERSONAL_FIELDS[`${type}@${version}`] ?? [];
    const values = fields.map((field) => valueAt(event.detail.data, field));

    it('replaces every marked field, and only those, leaving the original as it was', () => {
      const before = structuredClone(event);
      const redacted = redactEvent(event);
      const expectedData = { ...event.detail.data };
      for (const field of fields) expectedData[field] = REDACTED;
      expect(redacted).toStrictEqual({ ...event, detail: { ...event.detail, data: expectedData } });
      expect(event).toStrictEqual(before);
      for (const value of values) expect(JSON.stringify(redacted)).not.toContain(String(value));
    });

    it('names the paths it replaced, and redacts an event (detail) the same way', () => {
      expect(redactEventWithPaths(event).redacted).toStrictEqual(fields.map((f) => `detail.data.${f}`));
      expect(redactEventWithPaths(event.detail)).toStrictEqual({
        event: redactEvent(event).detail,
        redacted: fields.map((f) => `data.${f}`),
      });
    });

    it('lists the personal values, from the event or from an SQS body holding it', () => {
      expect(values.every((value) => typeof value === 'string' && value.length > 0)).toBe(true);
      expect(personalValuesOf(event)).toStrictEqual(values);
      expect(personalValuesOf(JSON.stringify(event))).toStrictEqual(values);
    });
  },
);

describe('redactEvent of a claim-checked event', () => {
  it('redacts the claim check URL (a presigned link to the payload)', () => {
    const event = loadFixture('SupportTicketOpened');
    const url = 'https://claims.s3.eu-west-2.amazonaws.com/claim-checks/x.json?X-Amz-Signature=abc';
    const claimChecked = {
      ...event,
      detail: { ...event.detail, data: { claimCheck: { url, sha256: 'a'.repeat(64), bytes: 120 } } },
    };
    expect(redactEventWithPaths(claimChecked)).toStrictEqual({
      event: {
        ...claimChecked,
        detail: {
          ...claimChecked.detail,
          data: { claimCheck: { url: REDACTED, sha256: 'a'.repeat(64), bytes: 120 } },
        },
      },
      redacted: ['detail.data.claimCheck.url'],
    });
    expect(personalValuesOf(claimChecked)).toStrictEqual([url]);
  });
});

describe('redactEvent of what is not one of our known events', () => {
  it('returns AWS service events, unknown versions and non-events as they are', () => {
    const s3 = { source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: 'b' } } };
    expect(redactEvent(s3)).toBe(s3);
    const unknownVersion = loadFixture('UserSignedUp');
    unknownVersion.detail.metadata.version = 7 as 1;
    expect(redactEvent(unknownVersion)).toBe(unknownVersion);
    expect(redactEvent('not json')).toBe('not json');
    expect(personalValuesOf('not json')).toStrictEqual([]);
  });
});

describe('redactPersonalText', () => {
  it('replaces the given values, longest first, and every claim-check link', () => {
    const text =
      'mail to ada.lovelace@example.com (Ada Lovelace) failed; payload at ' +
      'https://b.s3.eu-west-2.amazonaws.com/claim-checks/UserSignedUp/1.json?X-Amz-Algorithm=A&X-Amz-Signature=f0 ; ' +
      'local copy http://127.0.0.1:4010/blobs/claim-checks/x.json?expires=1&signature=ab and file:///tmp/claim-checks/y.json';
    expect(redactPersonalText(text, ['Ada Lovelace', 'ada.lovelace@example.com'])).toBe(
      'mail to [redacted] ([redacted]) failed; payload at [redacted] ; local copy [redacted] and [redacted]',
    );
  });

  it('leaves other links and values too short to identify anyone', () => {
    expect(redactPersonalText('see https://example.com/courses/c-1 by Al', ['Al'])).toBe(
      'see https://example.com/courses/c-1 by Al',
    );
  });

  it('replaces a value in text with no link, and a link in text with none of the values', () => {
    expect(redactPersonalText('welcome to ada@example.com', ['ada@example.com', 'Ada'])).toBe(
      'welcome to [redacted]',
    );
    expect(redactPersonalText('at file:///tmp/claim-checks/y.json', ['Ada'])).toBe('at [redacted]');
    expect(redactPersonalText('Handled event', ['Ada', 'ada@example.com'])).toBe('Handled event');
  });
});

describe('personalFieldNames', () => {
  it('names every field marked in any event version', () => {
    expect([...personalFieldNames()].sort()).toStrictEqual(['email', 'name', 'subject', 'userName']);
  });
});
