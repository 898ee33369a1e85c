import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CourseCompletedData, CourseCompletedV1Data } from './course/course-completed';
import { createEvent, createEventVersion } from './create-event';
import { eventDepth } from './envelope';
import { toPutEventsEntry } from './eventbridge';
import { uuidFromName } from './ids';
import { parseEvent } from './parse-event';
import { validationErrorOf } from './test-support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const completed: CourseCompletedData = {
  userId: 'user-7f3c9a',
  courseId: 'course-eda-101',
  courseTitle: 'Event-Driven Architecture on AWS',
  userName: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
  completedAt: '2026-12-04T16:20:03.874Z',
};

const certificate = {
  certificateId: 'cert-3e91d7',
  userId: 'user-7f3c9a',
  courseId: 'course-eda-101',
  downloadUrl: 'https://certificates.example.com/certificates/cert-3e91d7',
  issuedAt: '2026-12-04T16:20:07.995Z',
  courseTitle: 'Event-Driven Architecture on AWS',
  userName: 'Ada Lovelace',
  email: 'ada.lovelace@example.com',
};

describe('createEvent', () => {
  it('stamps the metadata of the current version', () => {
    const event = createEvent('CourseCompleted', completed, {
      source: 'sfe-stream-processor',
      id: 'd4f6a8c0-2e4a-4c6e-8a0c-4e6a8c0e2a35',
      correlationId: '6e8a0c2e-4a6c-4e8a-9c0e-2a4c6e8a0c13',
      created: new Date('2026-12-04T16:20:04.310Z'),
    });
    expect(event).toStrictEqual({
      metadata: {
        id: 'd4f6a8c0-2e4a-4c6e-8a0c-4e6a8c0e2a35',
        type: 'CourseCompleted',
        version: 2,
        created: '2026-12-04T16:20:04.310Z',
        correlationId: '6e8a0c2e-4a6c-4e8a-9c0e-2a4c6e8a0c13',
        domain: 'course',
        source: 'sfe-stream-processor',
      },
      data: completed,
    });
    expectTypeOf(event.metadata.version).toEqualTypeOf<2>();
    expectTypeOf(event.data).toEqualTypeOf<CourseCompletedData>();
  });

  it('gives a first event a fresh id and correlationId, and no causationId', () => {
    const before = Date.now();
    const first = createEvent('CourseCompleted', completed, { source: 'sfe-stream-processor' });
    const other = createEvent('CourseCompleted', completed, { source: 'sfe-stream-processor' });
    expect(first.metadata.id).toMatch(UUID);
    expect(first.metadata.correlationId).toMatch(UUID);
    expect(first.metadata.correlationId).not.toBe(first.metadata.id);
    expect(other.metadata.correlationId).not.toBe(first.metadata.correlationId);
    expect(other.metadata.id).not.toBe(first.metadata.id);
    expect('causationId' in first.metadata).toBe(false);
    expect('createdBy' in first.metadata).toBe(false);
    expect(Date.parse(first.metadata.created)).toBeGreaterThanOrEqual(before);
  });

  it('keeps the correlationId of the event it reacts to and takes its id as causationId', () => {
    const cause = createEvent('CourseCompleted', completed, { source: 'sfe-stream-processor' });
    const effect = createEvent('CertificateGenerated', certificate, {
      source: 'sfe-certificate-service',
      causedBy: cause,
    });
    expect(effect.metadata.correlationId).toBe(cause.metadata.correlationId);
    expect(effect.metadata.causationId).toBe(cause.metadata.id);
    expect(effect.metadata.id).not.toBe(cause.metadata.id);

    const third = createEvent('CertificateGenerated', certificate, { source: 'sfe-x', causedBy: effect });
    expect(third.metadata.correlationId).toBe(cause.metadata.correlationId);
    expect(third.metadata.causationId).toBe(effect.metadata.id);
  });

  it('prefers causedBy over an explicit correlation', () => {
    const cause = createEvent('CourseCompleted', completed, { source: 'sfe-stream-processor' });
    const effect = createEvent('CertificateGenerated', certificate, {
      source: 'sfe-certificate-service',
      causedBy: cause,
      correlationId: '0a2c4e6a-8c0e-4a2c-8e6a-0c2e4a6c8e79',
      causationId: '1b3d5f7b-9d1f-4b3d-9f7b-1d3f5b7d9f8a',
    });
    expect(effect.metadata.correlationId).toBe(cause.metadata.correlationId);
    expect(effect.metadata.causationId).toBe(cause.metadata.id);
  });

  it('takes an explicit correlation stored with the item that produced the event', () => {
    const event = createEvent('CertificateGenerated', certificate, {
      source: 'sfe-stream-processor',
      correlationId: '0a2c4e6a-8c0e-4a2c-8e6a-0c2e4a6c8e79',
      causationId: '1b3d5f7b-9d1f-4b3d-9f7b-1d3f5b7d9f8a',
      createdBy: 'user-7f3c9a',
    });
    expect(event.metadata.correlationId).toBe('0a2c4e6a-8c0e-4a2c-8e6a-0c2e4a6c8e79');
    expect(event.metadata.causationId).toBe('1b3d5f7b-9d1f-4b3d-9f7b-1d3f5b7d9f8a');
    expect(event.metadata.createdBy).toBe('user-7f3c9a');
  });

  describe('depth (the loop guard counts causal steps)', () => {
    it("writes no depth for an event derived from a person's own write (depth 0)", () => {
      const root = createEvent('CourseCompleted', completed, { source: 'sfe-stream-processor' });
      expect('depth' in root.metadata).toBe(false);
      expect(eventDepth(root)).toBe(0);
    });

    it("gives an event caused by another the cause's depth + 1, step after step", () => {
      const root = createEvent('CourseCompleted', completed, { source: 'sfe-stream-processor' });
      const first = createEvent('CertificateGenerated', certificate, { source: 'sfe-a', causedBy: root });
      const second = createEvent('CertificateGenerated', certificate, { source: 'sfe-a', causedBy: first });
      expect([first.metadata.depth, second.metadata.depth]).toStrictEqual([1, 2]);
    });

    it('continues from the causation stored on an item: its depth + 1, or 1 when the item predates depth', () => {
      const stored = { source: 'sfe-stream-processor', causationId: '1b3d5f7b-9d1f-4b3d-9f7b-1d3f5b7d9f8a' };
      expect(
        createEvent('CertificateGenerated', certificate, { ...stored, causationDepth: 7 }).metadata.depth,
      ).toBe(8);
      expect(createEvent('CertificateGenerated', certificate, stored).metadata.depth).toBe(1);
    });

    it('ignores a causationDepth without a causationId (nothing caused the event)', () => {
      const event = createEvent('CertificateGenerated', certificate, { source: 'sfe-a', causationDepth: 5 });
      expect(eventDepth(event)).toBe(0);
    });

    it('prefers causedBy over a stored causation depth', () => {
      const cause = createEvent('CourseCompleted', completed, { source: 'sfe-a' });
      const effect = createEvent('CertificateGenerated', certificate, {
        source: 'sfe-a',
        causedBy: { metadata: { ...cause.metadata, depth: 3 } },
        causationId: '1b3d5f7b-9d1f-4b3d-9f7b-1d3f5b7d9f8a',
        causationDepth: 40,
      });
      expect(effect.metadata.depth).toBe(4);
    });

    it('parses an event with a depth back unchanged, and reads an event without one as depth 0', () => {
      const root = createEvent('CourseCompleted', completed, { source: 'sfe-a' });
      const effect = createEvent('CertificateGenerated', certificate, { source: 'sfe-a', causedBy: root });
      expect(parseEvent(toPutEventsEntry(effect, 'sfe-platform').Detail)).toStrictEqual(effect);
      expect(eventDepth(parseEvent(toPutEventsEntry(root, 'sfe-platform').Detail))).toBe(0);
    });
  });

  it('uses a supplied deterministic id, so a retry republishes the same event', () => {
    const context = {
      source: 'sfe-stream-processor',
      id: uuidFromName(
        'stream-record-49590338271490256608559692538361571095921575989136588898:CourseCompleted',
      ),
      correlationId: '6e8a0c2e-4a6c-4e8a-9c0e-2a4c6e8a0c13',
      created: '2026-12-04T16:20:04.310Z',
    };
    expect(createEvent('CourseCompleted', completed, context)).toStrictEqual(
      createEvent('CourseCompleted', completed, context),
    );
  });

  it('validates before publishing and names every failing path', () => {
    const error = validationErrorOf(() =>
      createEvent(
        'CourseCompleted',
        { ...completed, email: 'ada', completedAt: '2026-12-04' },
        {
          source: 'stream-processor',
        },
      ),
    );
    expect(error.message).toBe(
      'Invalid CourseCompleted v2 event: metadata.source: source must start with "sfe-" (e.g. sfe-stream-processor); data.email: Invalid email address; data.completedAt: Invalid ISO datetime',
    );
    expect(error.eventType).toBe('CourseCompleted');
    expect(error.eventVersion).toBe(2);
  });

  it('rejects a supplied id or created that is not valid', () => {
    const error = validationErrorOf(() =>
      createEvent('CourseCompleted', completed, { source: 'sfe-a', id: 'retry-1', created: 'now' }),
    );
    expect(error.issues).toStrictEqual([
      { path: 'metadata.id', message: 'Invalid UUID' },
      { path: 'metadata.created', message: 'Invalid ISO datetime' },
    ]);
  });

  it('drops payload fields the schema does not know, so nothing undeclared is published', () => {
    const event = createEvent('CourseCompleted', { ...completed, password: 'x' } as CourseCompletedData, {
      source: 'sfe-a',
    });
    expect(event.data).toStrictEqual(completed);
  });

  it('creates events that parse back unchanged from their PutEvents entry', () => {
    const event = createEvent('CourseCompleted', completed, { source: 'sfe-stream-processor' });
    expect(parseEvent(toPutEventsEntry(event, 'sfe-platform').Detail)).toStrictEqual(event);
  });
});

describe('createEventVersion', () => {
  const v1: CourseCompletedV1Data = {
    userId: 'user-7f3c9a',
    courseId: 'course-eda-101',
    courseName: 'Event-Driven Architecture on AWS',
    userName: 'Ada Lovelace',
    email: 'ada.lovelace@example.com',
    completionDate: '2026-12-04',
  };

  it('creates an older version for consumers that still read it', () => {
    const event = createEventVersion('CourseCompleted', 1, v1, { source: 'sfe-stream-processor' });
    expect(event.metadata.version).toBe(1);
    expect(event.data).toStrictEqual(v1);
    expectTypeOf(event.data).toEqualTypeOf<CourseCompletedV1Data>();
  });

  it('rejects a version that does not exist', () => {
    const error = validationErrorOf(() =>
      createEventVersion('CourseCompleted', 3, v1 as never, { source: 'sfe-stream-processor' }),
    );
    expect(error.message).toBe('Invalid CourseCompleted v3 event: metadata.version: unknown version');
  });

  it('validates against the requested version, not the current one', () => {
    const error = validationErrorOf(() =>
      createEventVersion('CourseCompleted', 1, completed as never, { source: 'sfe-stream-processor' }),
    );
    expect(error.issues.map((i) => i.path)).toStrictEqual(['data.courseName', 'data.completionDate']);
  });
});
