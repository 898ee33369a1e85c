import { upgradeEvent } from '@sfe/events';
import { CertificateItemSchema } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import { courseCompletedV1, courseCompletedV2 } from '../../test/events';
import {
  certificateIdFor,
  certificateObjectKey,
  downloadUrlFor,
  formatCompletionDate,
  planCertificate,
  verificationUrlFor,
} from './certificate';

const options = {
  issuedAt: new Date('2026-11-23T10:00:00.000Z'),
  verificationBaseUrl: 'https://learn.example.com/certificates/',
  downloadBaseUrl: 'https://abc123.lambda-url.eu-west-2.on.aws/',
  issuer: 'SFE Academy',
};

describe('planCertificate', () => {
  it('plans the PDF, its key and the CERTIFICATE item for a completion', () => {
    const event = courseCompletedV2();
    const plan = planCertificate(event, options);
    const certificateId = certificateIdFor('u-1', 'c-event-driven');
    expect(plan).toStrictEqual({
      certificateId,
      objectKey: `certificates/${certificateId}.pdf`,
      item: {
        pk: 'USER#u-1',
        sk: 'CERTIFICATE#c-event-driven',
        entityType: 'CERTIFICATE',
        certificateId,
        userId: 'u-1',
        courseId: 'c-event-driven',
        objectKey: `certificates/${certificateId}.pdf`,
        downloadUrl: `https://abc123.lambda-url.eu-west-2.on.aws/certificates/${certificateId}`,
        issuedAt: '2026-11-23T10:00:00.000Z',
        courseTitle: 'Event-Driven Architecture on AWS',
        userName: 'Ada Lovelace',
        email: 'ada@example.com',
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.id,
        causationDepth: 0,
      },
      document: {
        certificateId,
        learnerName: 'Ada Lovelace',
        courseTitle: 'Event-Driven Architecture on AWS',
        completionDate: '20 November 2026',
        verificationUrl: `https://learn.example.com/certificates/${certificateId}`,
        issuer: 'SFE Academy',
        issuedAt: options.issuedAt,
      },
    });
    expect(CertificateItemSchema.safeParse(plan.item).success).toBe(true);
  });

  it("stores the completion's depth, so CertificateGenerated from the item is one step deeper", () => {
    const root = courseCompletedV2();
    const deeper = { ...root, metadata: { ...root.metadata, depth: 3 } };
    expect(planCertificate(deeper, options).item.causationDepth).toBe(3);
  });

  it('plans the same certificate from a v1 event of the same completion (after upgrading it)', () => {
    const fromV1 = planCertificate(upgradeEvent<'CourseCompleted'>(courseCompletedV1()), options);
    const fromV2 = planCertificate(courseCompletedV2(), options);
    expect(fromV1.document).toStrictEqual(fromV2.document);
    expect({ ...fromV1.item, correlationId: '', causationId: '' }).toStrictEqual({
      ...fromV2.item,
      correlationId: '',
      causationId: '',
    });
  });
});

describe('certificateIdFor', () => {
  it('derives one id per learner and course', () => {
    expect(certificateIdFor('u-1', 'c-1')).toBe(certificateIdFor('u-1', 'c-1'));
    expect(certificateIdFor('u-1', 'c-1')).not.toBe(certificateIdFor('u-1', 'c-2'));
    expect(certificateIdFor('u-1', 'c-1')).not.toBe(certificateIdFor('u-2', 'c-1'));
    expect(certificateIdFor('u-1', 'c-1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('certificateObjectKey', () => {
  it('keys the PDF by certificate id alone, so the download address finds it', () => {
    const id = certificateIdFor('team/a', 'x y');
    expect(certificateObjectKey(id)).toBe(`certificates/${id}.pdf`);
  });
});

describe('downloadUrlFor', () => {
  it('serves /certificates/<id> under the base, whether or not the base ends with a slash', () => {
    expect(downloadUrlFor('https://abc.lambda-url.eu-west-2.on.aws/', 'id-1')).toBe(
      'https://abc.lambda-url.eu-west-2.on.aws/certificates/id-1',
    );
    expect(downloadUrlFor('http://127.0.0.1:4010', 'id-1')).toBe('http://127.0.0.1:4010/certificates/id-1');
  });
});

describe('formatCompletionDate', () => {
  it('formats the UTC calendar day', () => {
    expect(formatCompletionDate('2026-11-20T23:30:00.000-05:00')).toBe('21 November 2026');
    expect(formatCompletionDate('2026-01-02T00:00:00.000Z')).toBe('2 January 2026');
  });

  it("writes what Intl's en-GB long date writes, for every day of a leap year and far years", () => {
    const intl = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const days = Array.from({ length: 366 }, (_, day) => new Date(Date.UTC(2028, 0, 1 + day)));
    for (const date of [...days, new Date(Date.UTC(1999, 11, 31, 23, 59)), new Date(Date.UTC(2100, 1, 28))]) {
      expect(formatCompletionDate(date.toISOString())).toBe(intl.format(date));
    }
  });

  it('refuses a value that is not a date, naming it', () => {
    expect(() => formatCompletionDate('yesterday')).toThrow('completedAt is not a date: yesterday');
  });
});

describe('verificationUrlFor', () => {
  it('joins the base and the id with one slash', () => {
    expect(verificationUrlFor('https://x.test/verify/', 'abc')).toBe('https://x.test/verify/abc');
    expect(verificationUrlFor('https://x.test/verify', 'abc')).toBe('https://x.test/verify/abc');
  });
});
