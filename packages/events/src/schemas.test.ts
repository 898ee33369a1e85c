import { describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from './eventbridge';
import { loadAllFixtures, loadFixture } from './fixtures';
import { parseEvent } from './parse-event';
import { EVENT_DEFINITIONS, type EventTypeName, findDefinition } from './registry';
import { copyOf, validationErrorOf } from './test-support';

interface Detail {
  metadata: Record<string, unknown>;
  data: Record<string, unknown>;
}

const fixtures = loadAllFixtures();

/** The fixture's detail after `mutate`, validated; returns the failing `path: message` pairs. */
function issuesAfter(event: EventBridgeEvent, mutate: (detail: Detail) => void): string[] {
  const detail = copyOf(event.detail) as Detail;
  mutate(detail);
  return validationErrorOf(() => parseEvent(detail)).issues.map((i) => `${i.path}: ${i.message}`);
}

describe('event schemas', () => {
  it('has one fixture per type and version in the registry', () => {
    expect(fixtures.map((f) => `${f.type}.v${f.version}`)).toStrictEqual(
      EVENT_DEFINITIONS.map((d) => `${d.type}.v${d.version}`),
    );
  });

  describe.each(fixtures)('$type v$version', ({ type, version, event }) => {
    it('accepts its fixture as delivered by EventBridge', () => {
      expect(parseEvent(event)).toStrictEqual(event.detail);
    });

    it('has a fixture shaped like an EventBridge delivery of our envelope', () => {
      const definition = findDefinition(type, version);
      expect(Object.keys(event)).toStrictEqual([
        'version',
        'id',
        'detail-type',
        'source',
        'account',
        'time',
        'region',
        'resources',
        'detail',
      ]);
      expect(event.version).toBe('0');
      expect(event['detail-type']).toBe(type);
      expect(event.source).toMatch(/^sfe-/);
      expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect((event.detail as Detail).metadata.domain).toBe(definition?.domain);
    });

    it('rejects the event without each data field, naming the field', () => {
      for (const field of Object.keys((event.detail as Detail).data)) {
        expect(issuesAfter(event, (d) => delete d.data[field])).toStrictEqual([
          `data.${field}: Invalid input: expected ${typeof (event.detail as Detail).data[field]}, received undefined`,
        ]);
      }
    });

    it('rejects a value of the wrong type in each data field', () => {
      for (const [field, value] of Object.entries((event.detail as Detail).data)) {
        const wrong = typeof value === 'number' ? String(value) : 42;
        const [issue] = issuesAfter(event, (d) => {
          d.data[field] = wrong;
        });
        expect(issue).toBe(
          `data.${field}: Invalid input: expected ${typeof value}, received ${typeof wrong === 'number' ? 'number' : 'string'}`,
        );
      }
    });

    it.each<[string, (d: Detail) => void, string[]]>([
      [
        'a missing metadata',
        (d) => delete (d as Partial<Detail>).metadata,
        ['metadata: Invalid input: expected object, received undefined'],
      ],
      [
        'a missing data',
        (d) => delete (d as Partial<Detail>).data,
        ['data: Invalid input: expected object, received undefined'],
      ],
      ['an id that is not a UUID', (d) => (d.metadata.id = 'evt-123'), ['metadata.id: Invalid UUID']],
      [
        'a correlationId that is not a UUID',
        (d) => (d.metadata.correlationId = '42'),
        ['metadata.correlationId: Invalid UUID'],
      ],
      [
        'a causationId that is not a UUID',
        (d) => (d.metadata.causationId = 'cause'),
        ['metadata.causationId: Invalid UUID'],
      ],
      [
        'a created that is not ISO 8601',
        (d) => (d.metadata.created = '23/11/2026 09:00'),
        ['metadata.created: Invalid ISO datetime'],
      ],
      [
        'a created without a time zone',
        (d) => (d.metadata.created = '2026-11-23T09:00:00'),
        ['metadata.created: Invalid ISO datetime'],
      ],
      [
        'a source without sfe-',
        (d) => (d.metadata.source = 'stream-processor'),
        ['metadata.source: source must start with "sfe-" (e.g. sfe-stream-processor)'],
      ],
      [
        'a source that is only sfe-',
        (d) => (d.metadata.source = 'sfe-'),
        ['metadata.source: source must start with "sfe-" (e.g. sfe-stream-processor)'],
      ],
      [
        'an empty createdBy',
        (d) => (d.metadata.createdBy = ''),
        ['metadata.createdBy: Too small: expected string to have >=1 characters'],
      ],
      [
        'a negative depth',
        (d) => (d.metadata.depth = -1),
        ['metadata.depth: Too small: expected number to be >=0'],
      ],
      [
        'a fractional depth',
        (d) => (d.metadata.depth = 1.5),
        ['metadata.depth: Invalid input: expected int, received number'],
      ],
      [
        'a depth as a string',
        (d) => (d.metadata.depth = '3'),
        ['metadata.depth: Invalid input: expected number, received string'],
      ],
    ])('rejects %s', (_, mutate, expected) => {
      expect(issuesAfter(event, mutate)).toStrictEqual(expected);
    });

    it('accepts a depth, and no depth (events published before it existed)', () => {
      const detail = copyOf(event.detail) as Detail;
      expect('depth' in detail.metadata).toBe(false);
      detail.metadata.depth = 8;
      expect(parseEvent(detail).metadata.depth).toBe(8);
    });

    it('rejects a domain other than its own', () => {
      const expectedDomain = findDefinition(type, version)?.domain;
      expect(
        issuesAfter(event, (d) => (d.metadata.domain = expectedDomain === 'user' ? 'video' : 'user')),
      ).toStrictEqual([`metadata.domain: Invalid input: expected "${expectedDomain}"`]);
    });

    it('accepts fields it does not know (a tolerant reader) and drops them', () => {
      const detail = copyOf(event.detail) as Detail;
      detail.data.addedLater = 'ignored by this version';
      detail.metadata.traceHeader = 'Root=1-5759e988-bd862e3fe1be46a994272793';
      expect(parseEvent(detail)).toStrictEqual(event.detail);
    });
  });

  const withEmail = fixtures.filter((f) => 'email' in (f.event.detail as Detail).data);
  it.each(withEmail.map((f) => [`${f.type} v${f.version}`, f.event] as const))(
    '%s rejects a malformed email',
    (_, event) => {
      for (const email of ['ada.lovelace', 'ada@', '@example.com', 'ada lovelace@example.com']) {
        expect(issuesAfter(event, (d) => (d.data.email = email))).toStrictEqual([
          'data.email: Invalid email address',
        ]);
      }
    },
  );

  it('covers every type carrying an email with the email check', () => {
    expect(withEmail.map((f) => `${f.type}.v${f.version}`)).toStrictEqual([
      'UserSignedUp.v1',
      'AccountDeactivated.v1',
      'CourseRegistered.v1',
      'CourseCompleted.v1',
      'CourseCompleted.v2',
      'CoursePaymentComplete.v1',
      'CertificateGenerated.v1',
      'CertificateGenerated.v2',
    ]);
  });

  describe('CoursePaymentComplete v1', () => {
    const event = loadFixture('CoursePaymentComplete');

    it.each<[string, unknown, string]>([
      ['a fractional amount', 49.99, 'data.amount: Invalid input: expected int, received number'],
      ['a negative amount', -1, 'data.amount: Too small: expected number to be >=0'],
      ['an amount as a string', '4999', 'data.amount: Invalid input: expected number, received string'],
      ['an unsafe integer amount', 2 ** 53, 'data.amount: Too big: expected int to be <=9007199254740991'],
    ])('rejects %s', (_, amount, expected) => {
      expect(issuesAfter(event, (d) => (d.data.amount = amount))).toStrictEqual([expected]);
    });

    it('accepts a zero amount (a free course still completes a payment)', () => {
      const detail = copyOf(event.detail);
      const parsed = parseEvent({ ...detail, data: { ...detail.data, amount: 0 } });
      expect(parsed.data).toStrictEqual({ ...detail.data, amount: 0 });
    });

    it.each(['gbp', 'GB', 'GBPX', '826', 'G B'])('rejects the currency %j', (currency) => {
      expect(issuesAfter(event, (d) => (d.data.currency = currency))).toStrictEqual([
        'data.currency: currency must be an ISO 4217 code such as GBP',
      ]);
    });
  });

  describe('CertificateGenerated', () => {
    it.each(['javascript:alert(1)', 'ftp://files.example.com/c.pdf', 'certificates/c.pdf', 'not a url'])(
      'v2 rejects the downloadUrl %j (people open it: http(s) only)',
      (downloadUrl) => {
        expect(
          issuesAfter(loadFixture('CertificateGenerated'), (d) => (d.data.downloadUrl = downloadUrl)),
        ).toStrictEqual(['data.downloadUrl: Invalid URL']);
      },
    );

    it('v2 rejects a downloadUrl over 2048 characters', () => {
      const long = `https://example.com/${'x'.repeat(2029)}`;
      expect(
        issuesAfter(loadFixture('CertificateGenerated'), (d) => (d.data.downloadUrl = long)),
      ).toStrictEqual(['data.downloadUrl: Too big: expected string to have <=2048 characters']);
    });

    it('v1 still reads its objectKey, and rejects an empty one', () => {
      expect(parseEvent(loadFixture('CertificateGenerated', 1)).data).toStrictEqual(
        loadFixture('CertificateGenerated', 1).detail.data,
      );
      expect(
        issuesAfter(loadFixture('CertificateGenerated', 1), (d) => (d.data.objectKey = '')),
      ).toStrictEqual(['data.objectKey: Too small: expected string to have >=1 characters']);
    });
  });

  describe('timestamps and dates', () => {
    it.each([
      ['2026-12-04', 'a date without a time'],
      ['2026-12-04T16:20:03', 'a time without a zone'],
      ['2026-13-04T16:20:03Z', 'month 13'],
      ['1733329203874', 'epoch milliseconds'],
    ])('CourseCompleted v2 rejects completedAt %j (%s)', (completedAt) => {
      expect(
        issuesAfter(loadFixture('CourseCompleted'), (d) => (d.data.completedAt = completedAt)),
      ).toStrictEqual(['data.completedAt: Invalid ISO datetime']);
    });

    it('accepts a completedAt with an offset other than Z', () => {
      const event = loadFixture('CourseCompleted');
      event.detail.data.completedAt = '2026-12-04T17:20:03.874+01:00';
      expect(parseEvent(event).data).toStrictEqual(event.detail.data);
    });

    it('CourseCompleted v1 wants a calendar date in completionDate, not a timestamp', () => {
      expect(
        issuesAfter(
          loadFixture('CourseCompleted', 1),
          (d) => (d.data.completionDate = '2026-12-04T16:20:03Z'),
        ),
      ).toStrictEqual(['data.completionDate: Invalid ISO date']);
    });
  });

  describe('lengths', () => {
    it.each<[EventTypeName, string, number, string]>([
      ['UserSignedUp', 'userId', 129, 'Too big: expected string to have <=128 characters'],
      ['UserSignedUp', 'name', 257, 'Too big: expected string to have <=256 characters'],
      ['VideoPublished', 'outputKey', 1025, 'Too big: expected string to have <=1024 characters'],
      ['VideoProcessingFailed', 'failureReason', 4097, 'Too big: expected string to have <=4096 characters'],
      ['SupportTicketOpened', 'subject', 1025, 'Too big: expected string to have <=1024 characters'],
      ['CourseRegistered', 'courseTitle', 0, 'Too small: expected string to have >=1 characters'],
    ])('%s rejects a %s of %i characters', (type, field, length, message) => {
      expect(issuesAfter(loadFixture(type), (d) => (d.data[field] = 'x'.repeat(length)))).toStrictEqual([
        `data.${field}: ${message}`,
      ]);
    });
  });
});
