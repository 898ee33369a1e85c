// Writes fixtures/*.json: DynamoDB Streams Lambda events shaped exactly like the ones AWS delivers
// (eventVersion 1.1, NEW_AND_OLD_IMAGES, epoch-second ApproximateCreationDateTime). Run after changing an item
// schema: `pnpm exec tsx scripts/generate-fixtures.ts`. The output is deterministic.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';

type Image = Record<string, unknown>;
interface Change {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  oldItem?: Image;
  newItem?: Image;
  ttl?: boolean;
  /** Raw AttributeValue overrides, for malformed records that marshall could not produce. */
  rawNewImage?: Record<string, unknown>;
}

const STREAM_ARN =
  'arn:aws:dynamodb:eu-west-1:123456789012:table/sfe-dev-platform/stream/2026-11-01T09:00:00.000';
let sequence = 4_100_000_000_000_000_000n;
let clock = 1_795_000_000; // 2026-11-18T11:06:40Z

function record(name: string, change: Change) {
  const image = (item: Image | undefined) =>
    item ? marshall(item, { removeUndefinedValues: true }) : undefined;
  const item = change.newItem ?? change.oldItem ?? {};
  const NewImage = change.rawNewImage ?? image(change.newItem);
  const OldImage = image(change.oldItem);
  sequence += 1_000_000n;
  clock += 7;
  return {
    eventID: createHash('md5').update(name).digest('hex'),
    eventName: change.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: clock,
      Keys: marshall({ pk: item.pk, sk: item.sk }),
      ...(NewImage ? { NewImage } : {}),
      ...(OldImage ? { OldImage } : {}),
      SequenceNumber: sequence.toString(),
      SizeBytes: Buffer.byteLength(JSON.stringify({ NewImage, OldImage })),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...(change.ttl ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
    eventSourceARN: STREAM_ARN,
  };
}

const user = {
  pk: 'USER#u-1001',
  sk: 'PROFILE',
  entityType: 'USER',
  userId: 'u-1001',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  status: 'active',
  createdAt: '2026-11-18T08:00:00.000Z',
};
const enrolment = {
  pk: 'USER#u-1001',
  sk: 'ENROLMENT#c-serverless-101',
  entityType: 'ENROLMENT',
  userId: 'u-1001',
  courseId: 'c-serverless-101',
  courseTitle: 'Serverless Foundations',
  userName: 'Ada Lovelace',
  email: 'ada@example.com',
  enrolledAt: '2026-11-18T08:05:00.000Z',
  progress: 0,
};
const completed = {
  ...enrolment,
  progress: 100,
  completedAt: '2026-11-20T17:30:00.000Z',
  // Written by the learning service while reacting to a LessonFinished event: the chain continues.
  correlationId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  causationId: '0a1b2c3d-4e5f-4061-9728-394a5b6c7d8e',
};
const payment = {
  pk: 'USER#u-1001',
  sk: 'PAYMENT#p-5001',
  entityType: 'PAYMENT',
  paymentId: 'p-5001',
  userId: 'u-1001',
  courseId: 'c-serverless-101',
  amount: 4999,
  currency: 'GBP',
  status: 'pending',
  courseTitle: 'Serverless Foundations',
  userName: 'Ada Lovelace',
  email: 'ada@example.com',
};
const certificate = {
  pk: 'USER#u-1001',
  sk: 'CERTIFICATE#c-serverless-101',
  entityType: 'CERTIFICATE',
  certificateId: 'cert-7001',
  userId: 'u-1001',
  courseId: 'c-serverless-101',
  objectKey: 'certificates/cert-7001.pdf',
  downloadUrl: 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/certificates/cert-7001',
  issuedAt: '2026-11-20T17:31:00.000Z',
  courseTitle: 'Serverless Foundations',
  userName: 'Ada Lovelace',
  email: 'ada@example.com',
};
const video = {
  pk: 'VIDEO#v-9001',
  sk: 'METADATA',
  entityType: 'VIDEO',
  videoId: 'v-9001',
  courseId: 'c-serverless-101',
  title: 'Event sourcing in practice',
  status: 'transcoding',
  sourceKey: 'uploads/v-9001/source.mp4',
};
const ticket = {
  pk: 'TICKET#t-3001',
  sk: 'METADATA',
  entityType: 'TICKET',
  ticketId: 't-3001',
  userId: 'u-1001',
  subject: 'I cannot download my certificate',
  status: 'open',
  openedAt: '2026-11-21T10:00:00.000Z',
};

const fixtures: Record<string, Change> = {
  // Transitions
  'user-signed-up': { eventName: 'INSERT', newItem: user },
  'account-deactivated': { eventName: 'MODIFY', oldItem: user, newItem: { ...user, status: 'deactivated' } },
  'course-registered': { eventName: 'INSERT', newItem: enrolment },
  'course-completed': {
    eventName: 'MODIFY',
    oldItem: { ...enrolment, progress: 90 },
    newItem: completed,
  },
  'course-payment-complete': {
    eventName: 'MODIFY',
    oldItem: payment,
    newItem: { ...payment, status: 'complete', completedAt: '2026-11-18T08:04:00.000Z' },
  },
  'course-payment-inserted-complete': {
    eventName: 'INSERT',
    newItem: { ...payment, status: 'complete', completedAt: '2026-11-18T08:04:00.000Z' },
  },
  'certificate-generated': { eventName: 'INSERT', newItem: certificate },
  'video-published': {
    eventName: 'MODIFY',
    oldItem: video,
    newItem: {
      ...video,
      status: 'ready',
      outputKey: 'videos/v-9001/index.m3u8',
      captionsKey: 'videos/v-9001/captions.vtt',
    },
  },
  'video-processing-failed': {
    eventName: 'MODIFY',
    oldItem: { ...video, status: 'transcribing' },
    newItem: { ...video, status: 'failed', failureReason: 'Transcribe job failed: unsupported audio codec' },
  },
  'support-ticket-opened': { eventName: 'INSERT', newItem: ticket },
  // Non-transitions
  'user-avatar-changed': {
    eventName: 'MODIFY',
    oldItem: user,
    newItem: { ...user, avatarUrl: 'https://cdn.example.com/avatars/u-1001.png' },
  },
  'enrolment-progress-updated': {
    eventName: 'MODIFY',
    oldItem: { ...enrolment, progress: 40 },
    newItem: { ...enrolment, progress: 60 },
  },
  'enrolment-edited-after-completion': {
    eventName: 'MODIFY',
    oldItem: completed,
    newItem: { ...completed, courseTitle: 'Serverless Foundations (2027 edition)' },
  },
  'payment-refunded': {
    eventName: 'MODIFY',
    oldItem: { ...payment, status: 'complete', completedAt: '2026-11-18T08:04:00.000Z' },
    newItem: { ...payment, status: 'refunded', completedAt: '2026-11-18T08:04:00.000Z' },
  },
  'video-transcribing': {
    eventName: 'MODIFY',
    oldItem: { ...video, status: 'uploaded' },
    newItem: { ...video, status: 'transcribing' },
  },
  'ticket-closed': { eventName: 'MODIFY', oldItem: ticket, newItem: { ...ticket, status: 'closed' } },
  'enrolment-removed': { eventName: 'REMOVE', oldItem: enrolment },
  'ttl-delete': { eventName: 'REMOVE', oldItem: ticket, ttl: true },
  'unknown-entity': {
    eventName: 'INSERT',
    newItem: { pk: 'SESSION#s-1', sk: 'METADATA', entityType: 'SESSION', userId: 'u-1001' },
  },
  // Malformed
  'malformed-invalid-item': { eventName: 'INSERT', newItem: { ...user, email: 'not-an-email' } },
  'malformed-unmarshal': {
    eventName: 'INSERT',
    newItem: enrolment,
    rawNewImage: { ...marshall(enrolment), progress: { X: '12' } },
  },
  'malformed-video-ready-without-output': {
    eventName: 'MODIFY',
    oldItem: video,
    newItem: { ...video, status: 'ready' },
  },
};

const directory = join(import.meta.dirname, '..', 'fixtures');
for (const [name, change] of Object.entries(fixtures)) {
  writeFileSync(
    join(directory, `${name}.json`),
    `${JSON.stringify({ Records: [record(name, change)] }, null, 2)}\n`,
  );
}
console.log(`wrote ${Object.keys(fixtures).length} fixtures to ${directory}`);
