import { uuidFromName } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CommandIo } from '../command';
import { emitCommand } from './emit';

function io(stdin: string) {
  const out: string[] = [];
  const err: string[] = [];
  const streams: CommandIo = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readStdin: async () => stdin,
    cwd: '/',
  };
  return { streams, out: () => out.join(''), err: () => err.join('') };
}

const S = (value: string) => ({ S: value });

const enrolment = {
  pk: S('USER#u1'),
  sk: S('ENROLMENT#c1'),
  entityType: S('ENROLMENT'),
  userId: S('u1'),
  courseId: S('c1'),
  courseTitle: S('Serverless Foundations'),
  userName: S('Ada Lovelace'),
  email: S('ada@example.com'),
  enrolledAt: S('2026-11-18T08:05:00.000Z'),
  progress: { N: '90' },
};

const record = (eventID: string, sequence: string, oldImage: object, newImage: object) => ({
  eventID,
  eventName: 'MODIFY',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'eu-west-1',
  dynamodb: {
    ApproximateCreationDateTime: 1795000000,
    Keys: { pk: S('USER#u1'), sk: S('ENROLMENT#c1') },
    NewImage: newImage,
    OldImage: oldImage,
    SequenceNumber: sequence,
    SizeBytes: 420,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
  eventSourceARN:
    'arn:aws:dynamodb:eu-west-1:123456789012:table/sfe-dev-platform/stream/2026-11-01T09:00:00.000',
});

const completion = record('e1', '100', enrolment, {
  ...enrolment,
  progress: { N: '100' },
  completedAt: S('2026-11-20T17:30:00.000Z'),
});
const progressOnly = record('e2', '200', enrolment, { ...enrolment, progress: { N: '95' } });
const event = JSON.stringify({ Records: [completion, progressOnly] });

describe('sfe emit', () => {
  it('prints the entries the stream processor would publish, as PutEvents takes them (Detail a string)', async () => {
    const { streams, out, err } = io(event);
    expect(await runCli([emitCommand], ['emit'], streams)).toBe(0);
    expect(err()).toBe('');
    const entries = JSON.parse(out()) as { Detail: string }[];
    expect(entries).toHaveLength(2);
    expect(entries.map((entry) => typeof entry.Detail)).toStrictEqual(['string', 'string']);
    const [first, second] = entries.map((entry) => ({ ...entry, Detail: JSON.parse(entry.Detail) }));
    expect(first).toStrictEqual({
      EventBusName: 'sfe-dev-bus',
      Source: 'sfe-stream-processor',
      DetailType: 'CourseCompleted',
      Detail: {
        metadata: {
          id: uuidFromName('e1:course-completed'),
          type: 'CourseCompleted',
          version: 2,
          created: '2026-11-18T11:06:40.000Z',
          correlationId: uuidFromName('e1:course-completed'),
          domain: 'course',
          source: 'sfe-stream-processor',
        },
        data: {
          userId: 'u1',
          courseId: 'c1',
          courseTitle: 'Serverless Foundations',
          userName: 'Ada Lovelace',
          email: 'ada@example.com',
          completedAt: '2026-11-20T17:30:00.000Z',
        },
      },
    });
    expect(second?.Detail.metadata).toMatchObject({ type: 'CourseCompleted', version: 1 });
  });

  it('prints Detail as an object with --detail-as-object', async () => {
    const plain = io(event);
    const expanded = io(event);
    await runCli([emitCommand], ['emit'], plain.streams);
    await runCli([emitCommand], ['emit', '--detail-as-object'], expanded.streams);
    const entries = JSON.parse(plain.out()) as { Detail: string }[];
    expect(JSON.parse(expanded.out())).toStrictEqual(
      entries.map((entry) => ({ ...entry, Detail: JSON.parse(entry.Detail) })),
    );
  });

  it('prints the same output, ids included, for the same input', async () => {
    const first = io(event);
    const second = io(event);
    await runCli([emitCommand], ['emit'], first.streams);
    await runCli([emitCommand], ['emit'], second.streams);
    expect(second.out()).toBe(first.out());
  });

  it('honours --bus and --without-course-completed-v1', async () => {
    const { streams, out } = io(event);
    await runCli(
      [emitCommand],
      ['emit', '--bus', 'sfe-prod-bus', '--without-course-completed-v1', '--detail-as-object'],
      streams,
    );
    const entries = JSON.parse(out());
    expect(
      entries.map((e: { EventBusName: string; Detail: { metadata: { version: number } } }) => [
        e.EventBusName,
        e.Detail.metadata.version,
      ]),
    ).toStrictEqual([['sfe-prod-bus', 2]]);
  });

  it('reports a malformed record on stderr with its reason, still prints the rest, and exits 1', async () => {
    const broken = record('e3', '300', enrolment, { ...enrolment, email: S('nope') });
    const { streams, out, err } = io(JSON.stringify({ Records: [broken, completion] }));
    expect(await runCli([emitCommand], ['emit'], streams)).toBe(1);
    expect(err()).toBe(
      'record 0: malformed, would go to the dead-letter queue: record e3: NewImage is not a valid ENROLMENT item: email: Invalid email address\n',
    );
    expect(JSON.parse(out())).toHaveLength(2);
  });

  it('reports a record that is not an object (null, a number, a list) as malformed, and prints the rest', async () => {
    const { streams, out, err } = io(JSON.stringify({ Records: [null, completion, 7, []] }));
    expect(await runCli([emitCommand], ['emit'], streams)).toBe(1);
    expect(err()).toBe(
      [
        'record 0: malformed, would go to the dead-letter queue: a stream record is an object, not null\n',
        'record 2: malformed, would go to the dead-letter queue: a stream record is an object, not 7\n',
        'record 3: malformed, would go to the dead-letter queue: a stream record is an object, not []\n',
      ].join(''),
    );
    expect(JSON.parse(out())).toHaveLength(2);
  });

  it('explains input that is not a stream event', async () => {
    const { streams, err } = io('{"detail": {}}');
    expect(await runCli([emitCommand], ['emit'], streams)).toBe(1);
    expect(err()).toContain('stdin is not a DynamoDB Streams event: expected {"Records": [...]}');
  });
});
