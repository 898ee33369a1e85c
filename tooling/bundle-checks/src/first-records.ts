import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  courseCompletedV1,
  coursePaymentComplete,
  toEventBridgeEvent,
  toSqsEvent,
  toSqsRecord,
  userSignedUp,
} from '@sfe/consumer-toolkit/testing';
import type { AwsCall } from './aws-stand-in';
import { REPO_ROOT, type SynthesizedFunction } from './synthesized-functions';

/** The one realistic record a function's first invocation handles, and what it must call in AWS to be done. */
export interface FirstRecord {
  /** The Lambda event (a batch of one). */
  readonly event: unknown;
  /** Calls that must reach the stand-in: the record's side effect. */
  readonly expectedCalls: readonly AwsCall[];
  /** What the event is, for the report. */
  readonly description: string;
  /** The record's event id was handled before: its idempotency record exists and is complete. */
  readonly alreadyHandled?: boolean;
  /** The table item the record's step reads (`GetItem`), when it needs one to exist. */
  readonly storedItem?: Readonly<Record<string, string | number>>;
  /** For a function URL handler: the status it must answer (instead of an SQS batch response). */
  readonly httpStatus?: number;
  /** Variables to set over the function's own, so the fixture's names match the configuration. */
  readonly environment?: Readonly<Record<string, string>>;
}

type RecordFactory = (repoRoot: string) => FirstRecord;

const sqsOf = (body: unknown) => toSqsEvent([toSqsRecord(body)]);
/** A batch of one `UserSignedUp`, as EventBridge delivers it through SQS. */
const signedUp = () => sqsOf(toEventBridgeEvent(userSignedUp()));
const appFixture = (repoRoot: string, app: string, file: string): unknown =>
  JSON.parse(readFileSync(join(repoRoot, 'apps', app, file), 'utf8'));

/**
 * Keyed by `<app>/<function>` (the function name without `sfe-<stage>-`). Events come from the contract's
 * test builders (`@sfe/consumer-toolkit/testing`) and from the apps' AWS-shaped fixture files, never retyped.
 */
const FIRST_RECORDS: Readonly<Record<string, RecordFactory>> = {
  'certificate-service/course-completed': () => ({
    event: sqsOf(toEventBridgeEvent(courseCompletedV1())),
    expectedCalls: ['s3:PutObject', 'dynamodb:PutItem'],
    description: 'CourseCompleted v1: render the PDF, store it, record the certificate',
  }),
  // The stand-in holds no objects: the HEAD finds none, so the answer is the 404 of an unknown certificate.
  'certificate-service/download': (repoRoot) => ({
    event: appFixture(repoRoot, 'certificate-service', 'test/fixtures/function-url-get-certificate.json'),
    expectedCalls: ['s3:HeadObject'],
    description: 'GET /certificates/<id> (function URL): look for the PDF in S3; none, so 404',
    httpStatus: 404,
  }),
  'email-service/learner-emails': () => ({
    event: signedUp(),
    expectedCalls: ['lambda:InvokeFunctionUrl', 'dynamodb:GetItem', 'ses:SendRawEmail'],
    description:
      'UserSignedUp: call back (learner active?), compose, check the suppression list, send the welcome email',
  }),
  'email-service/ses-feedback': (repoRoot) => ({
    event: sqsOf(appFixture(repoRoot, 'email-service', 'fixtures/ses-email-bounced.permanent.json')),
    expectedCalls: ['dynamodb:PutItem'],
    description: "SES Email Bounced (permanent, AWS's shape): suppress the address",
  }),
  'platform-api/read': (repoRoot) => ({
    event: appFixture(repoRoot, 'platform-api', 'test/fixtures/function-url-get-payment.json'),
    expectedCalls: ['dynamodb:GetItem'],
    description: 'Function URL GET of a payment: read it, answer 200',
    storedItem: {
      pk: 'USER#u-1',
      sk: 'PAYMENT#p-1',
      entityType: 'PAYMENT',
      paymentId: 'p-1',
      userId: 'u-1',
      courseId: 'c-1',
      amount: 4999,
      currency: 'GBP',
      status: 'complete',
      courseTitle: 'Event-Driven Architecture',
      userName: 'Ada Lovelace',
      email: 'ada@example.com',
    },
    httpStatus: 200,
  }),
  // Slack's and Telegram's addresses are not configurable in the deployed function, and neither is reachable
  // here: its first record is a redelivery of a message already posted (config, clients, parse, idempotency).
  'notification-service/team-notifications': () => ({
    event: sqsOf(toEventBridgeEvent(coursePaymentComplete())),
    expectedCalls: ['dynamodb:PutItem'],
    description: 'CoursePaymentComplete redelivered: found already posted (idempotency), skipped',
    alreadyHandled: true,
  }),
  // The same for alarms: a CloudWatch Alarm State Change (AWS's shape) already posted to the ops chat.
  'notification-service/ops-alarms': (repoRoot) => ({
    event: sqsOf(appFixture(repoRoot, 'notification-service', 'fixtures/alarm-state-change.dlq-alarm.json')),
    expectedCalls: ['dynamodb:PutItem'],
    description:
      'CloudWatch Alarm State Change redelivered: found already posted to the ops chat (idempotency), skipped',
    alreadyHandled: true,
  }),
  // The bench's measuring sticks (`src/reference-handlers.ts`): one sign-up, one PutItem.
  'reference/aws-call-by-hand': () => ({
    event: signedUp(),
    expectedCalls: ['dynamodb:PutItem'],
    description: 'one DynamoDB PutItem over node:http, signing key derived with node:crypto, no library',
  }),
  'reference/required-stack': () => ({
    event: signedUp(),
    expectedCalls: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
    description: 'Powertools batch, idempotency and Logger, a zod/mini envelope, one signed PutItem',
  }),
  'reporting-service/reported-events': () => ({
    event: signedUp(),
    expectedCalls: ['dynamodb:UpdateItem'],
    description: 'UserSignedUp: count the sign-up',
  }),
  'stream-processor/changes': (repoRoot) => ({
    event: appFixture(repoRoot, 'stream-processor', 'fixtures/course-completed.json'),
    expectedCalls: ['events:PutEvents'],
    description: 'DynamoDB Streams MODIFY: detect CourseCompleted, publish it',
  }),
  'video-pipeline/video-uploaded': (repoRoot) => ({
    event: sqsOf(appFixture(repoRoot, 'video-pipeline', 'fixtures/s3-object-created.upload.json')),
    expectedCalls: ['transcribe:StartTranscriptionJob'],
    description: 'S3 Object Created (upload): start transcription',
    storedItem: fixtureVideo('uploaded'),
    environment: videoFixtureEnvironment,
  }),
  'video-pipeline/transcription-finished': (repoRoot) => ({
    event: sqsOf(
      appFixture(repoRoot, 'video-pipeline', 'fixtures/transcribe-job-state-change.completed.json'),
    ),
    expectedCalls: ['mediaconvert:CreateJob'],
    description: 'Transcribe COMPLETED: start the transcode',
    storedItem: fixtureVideo('transcribing'),
    environment: videoFixtureEnvironment,
  }),
  'video-pipeline/transcode-finished': (repoRoot) => ({
    event: sqsOf(
      appFixture(repoRoot, 'video-pipeline', 'fixtures/mediaconvert-job-state-change.complete.json'),
    ),
    expectedCalls: ['dynamodb:UpdateItem'],
    description: 'MediaConvert COMPLETE: mark the video ready',
    storedItem: fixtureVideo('transcoding'),
    environment: videoFixtureEnvironment,
  }),
};

/** The video of the video-pipeline fixtures, in the state each step expects to find it. */
const fixtureVideo = (status: string) => ({
  pk: 'VIDEO#intro-to-events',
  sk: 'METADATA',
  entityType: 'VIDEO',
  videoId: 'intro-to-events',
  courseId: 'course-101',
  title: 'Intro to events',
  status,
  sourceKey: 'uploads/course-101/intro-to-events.mp4',
});
/** The uploads bucket the video-pipeline fixtures name. */
const videoFixtureEnvironment = { UPLOADS_BUCKET: 'sfe-dev-video-uploads' };

/** `<app>/<function>` of a synthesized function (`email-service/learner-emails`). */
export function functionKey(fn: SynthesizedFunction): string {
  const marker = `-${fn.app}-`;
  return `${fn.app}/${fn.functionName.slice(fn.functionName.indexOf(marker) + marker.length)}`;
}

/** The function's first record; throws for a function this table does not know, so none goes unchecked. */
export function firstRecordOf(fn: SynthesizedFunction, repoRoot = REPO_ROOT): FirstRecord {
  const factory = FIRST_RECORDS[functionKey(fn)];
  if (!factory) {
    throw new Error(
      `No first record for ${functionKey(fn)} (${fn.functionName}): add one to tooling/bundle-checks/src/first-records.ts`,
    );
  }
  return factory(repoRoot);
}
