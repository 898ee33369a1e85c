import { parseEvent, uuidFromName } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { fixtureNames, fixtureRecord, withIdentity } from '../../test/support';
import { type Detection, detectEvents } from './detect-events';
import { MalformedRecordError } from './errors';
import { TRANSITIONS } from './transitions';

const options = { emitCourseCompletedV1: true };

const TRANSITION_FIXTURES: Record<string, string[]> = {
  'user-signed-up': ['UserSignedUp v1'],
  'account-deactivated': ['AccountDeactivated v1'],
  'course-registered': ['CourseRegistered v1'],
  'course-completed': ['CourseCompleted v2', 'CourseCompleted v1'],
  'course-payment-complete': ['CoursePaymentComplete v1', 'PaymentCompleted v1'],
  'course-payment-inserted-complete': ['CoursePaymentComplete v1', 'PaymentCompleted v1'],
  'certificate-generated': ['CertificateGenerated v2', 'CertificateGenerated v1'],
  'video-published': ['VideoPublished v1'],
  'video-processing-failed': ['VideoProcessingFailed v1'],
  'support-ticket-opened': ['SupportTicketOpened v1'],
};

const NON_TRANSITION_FIXTURES: Record<string, string> = {
  'user-avatar-changed': 'MODIFY of USER is not a transition',
  'enrolment-progress-updated': 'MODIFY of ENROLMENT is not a transition',
  'enrolment-edited-after-completion': 'MODIFY of ENROLMENT is not a transition',
  'payment-refunded': 'MODIFY of PAYMENT is not a transition',
  'video-transcribing': 'MODIFY of VIDEO is not a transition',
  'ticket-closed': 'MODIFY of TICKET is not a transition',
  'enrolment-removed': 'REMOVE',
  'ttl-delete': 'TTL delete',
};

const MALFORMED_FIXTURES: Record<string, string> = {
  'malformed-invalid-item': 'NewImage is not a valid USER item: email: Invalid email address',
  'malformed-unmarshal': 'NewImage does not unmarshal: Unsupported type passed: X',
  'malformed-video-ready-without-output':
    'transition video-published: VIDEO item has no outputKey, which its event requires',
};

function summarise(detection: Detection): string[] {
  if (detection.kind !== 'events') return [];
  return detection.events.map((e) => `${e.metadata.type} v${e.metadata.version}`);
}

describe('detectEvents', () => {
  it('has a fixture in exactly one category for every fixture file', () => {
    const categorised = [
      ...Object.keys(TRANSITION_FIXTURES),
      ...Object.keys(NON_TRANSITION_FIXTURES),
      ...Object.keys(MALFORMED_FIXTURES),
      'unknown-entity',
    ].sort();
    expect(categorised).toStrictEqual(fixtureNames());
  });

  it('exercises every declared transition with a fixture', () => {
    const fired = new Set(
      Object.keys(TRANSITION_FIXTURES).flatMap((name) => {
        const detection = detectEvents(fixtureRecord(name), options);
        return detection.kind === 'events'
          ? detection.events.map((e) => `${e.metadata.type}@${e.metadata.version}`)
          : [];
      }),
    );
    for (const t of TRANSITIONS) expect(fired).toContain(`${t.eventType}@${t.version}`);
  });

  for (const [name, expected] of Object.entries(TRANSITION_FIXTURES)) {
    it(`emits ${expected.join(' and ')} for ${name}`, () => {
      const detection = detectEvents(fixtureRecord(name), options);
      expect(summarise(detection)).toStrictEqual(expected);
      // Every event is a valid contract event: what a consumer's parseEvent accepts.
      if (detection.kind === 'events')
        for (const event of detection.events) expect(() => parseEvent(event)).not.toThrow();
    });
  }

  for (const [name, reason] of Object.entries(NON_TRANSITION_FIXTURES)) {
    it(`emits nothing for ${name} (${reason})`, () => {
      const detection = detectEvents(fixtureRecord(name), options);
      expect(detection.kind).toBe('no-transition');
      expect(detection.kind === 'no-transition' && detection.reason).toBe(reason);
    });
  }

  for (const [name, message] of Object.entries(MALFORMED_FIXTURES)) {
    it(`throws MalformedRecordError naming the record and the problem for ${name}`, () => {
      const record = fixtureRecord(name);
      expect(() => detectEvents(record, options)).toThrow(MalformedRecordError);
      expect(() => detectEvents(record, options)).toThrow(`record ${record.eventID}: ${message}`);
    });
  }

  it('skips an unknown entity type, naming it', () => {
    const record = fixtureRecord('unknown-entity');
    expect(detectEvents(record, options)).toStrictEqual({
      kind: 'unknown-entity',
      eventID: record.eventID,
      entityType: 'SESSION',
    });
  });

  it('builds CourseCompleted with a deterministic id, the commit time and the item correlation', () => {
    const record = fixtureRecord('course-completed');
    const detection = detectEvents(record, options);
    expect(detection.kind).toBe('events');
    if (detection.kind !== 'events') return;
    expect(detection.events[0]).toStrictEqual({
      metadata: {
        id: uuidFromName(`${record.eventID}:course-completed`),
        type: 'CourseCompleted',
        version: 2,
        created: new Date((record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString(),
        correlationId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
        causationId: '0a1b2c3d-4e5f-4061-9728-394a5b6c7d8e',
        domain: 'course',
        source: 'sfe-stream-processor',
        // The item names its causing event but predates causationDepth: that cause counts as depth 0.
        depth: 1,
      },
      data: {
        userId: 'u-1001',
        courseId: 'c-serverless-101',
        courseTitle: 'Serverless Foundations',
        userName: 'Ada Lovelace',
        email: 'ada@example.com',
        completedAt: '2026-11-20T17:30:00.000Z',
      },
    });
    expect(detection.events[1]?.metadata.id).toBe(uuidFromName(`${record.eventID}:course-completed-v1`));
  });

  it('starts a chain when the item carries no correlation: the first event is its root', () => {
    const record = fixtureRecord('user-signed-up');
    const detection = detectEvents(record, options);
    const metadata = detection.kind === 'events' ? detection.events[0]?.metadata : undefined;
    expect(metadata?.correlationId).toBe(metadata?.id);
    expect(metadata).not.toHaveProperty('causationId');
  });

  it('continues the depth of the event an item was written in reaction to (the loop guard counts it)', () => {
    const record = fixtureRecord('certificate-generated');
    if (record.dynamodb?.NewImage) {
      record.dynamodb.NewImage.causationId = { S: '0a1b2c3d-4e5f-4061-9728-394a5b6c7d8e' };
      record.dynamodb.NewImage.causationDepth = { N: '7' };
    }
    const detection = detectEvents(record, options);
    // CertificateGenerated v2 and, beside it, v1: both one step deeper.
    expect(detection.kind === 'events' ? detection.events.map((e) => e.metadata.depth) : []).toStrictEqual([
      8, 8,
    ]);
  });

  it("gives an event of a person's own write no depth (depth 0)", () => {
    const detection = detectEvents(fixtureRecord('user-signed-up'), options);
    expect(detection.kind === 'events' ? detection.events[0]?.metadata : undefined).not.toHaveProperty(
      'depth',
    );
  });

  it('puts all events of one uncorrelated record in the same chain', () => {
    const record = fixtureRecord('course-completed');
    if (record.dynamodb?.NewImage) {
      delete record.dynamodb.NewImage.correlationId;
      delete record.dynamodb.NewImage.causationId;
    }
    const detection = detectEvents(record, options);
    const [v2, v1] = detection.kind === 'events' ? detection.events : [];
    expect(v1?.metadata.correlationId).toBe(v2?.metadata.id);
    expect(v2?.metadata.correlationId).toBe(v2?.metadata.id);
  });

  it('produces byte-identical events when the same record is processed again (a retry)', () => {
    for (const name of Object.keys(TRANSITION_FIXTURES)) {
      const first = JSON.stringify(detectEvents(fixtureRecord(name), options));
      const second = JSON.stringify(detectEvents(fixtureRecord(name), options));
      expect(second).toBe(first);
    }
  });

  it('derives different ids from different records of the same change', () => {
    const record = fixtureRecord('user-signed-up');
    const other = withIdentity(record, 'ffffffffffffffffffffffffffffffff', '9');
    const ids = [record, other].map((r) => {
      const d = detectEvents(r, options);
      return d.kind === 'events' ? d.events[0]?.metadata.id : undefined;
    });
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('emits only CourseCompleted v2 once v1 consumers are gone', () => {
    const detection = detectEvents(fixtureRecord('course-completed'), { emitCourseCompletedV1: false });
    expect(summarise(detection)).toStrictEqual(['CourseCompleted v2']);
  });

  it('emits only CertificateGenerated v2 once v1 consumers are gone', () => {
    const detection = detectEvents(fixtureRecord('certificate-generated'), {
      ...options,
      emitCertificateGeneratedV1: false,
    });
    expect(summarise(detection)).toStrictEqual(['CertificateGenerated v2']);
  });

  it('stamps the given source', () => {
    const detection = detectEvents(fixtureRecord('user-signed-up'), { ...options, source: 'sfe-replay' });
    expect(detection.kind === 'events' && detection.events[0]?.metadata.source).toBe('sfe-replay');
  });
});
