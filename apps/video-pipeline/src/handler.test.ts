import {
  CapturingLogger,
  createTestLambdaContext,
  toSqsEvent,
  toSqsRecord,
} from '@sfe/consumer-toolkit/testing';
import { uuidFromName } from '@sfe/events';
import { keys, MemoryTableStore } from '@sfe/records';
import { beforeEach, describe, expect, it } from 'vitest';
import { RecordingTranscoder, RecordingTranscriber } from '../test/fakes';
import { FIXTURE_BUCKET, fixture } from '../test/fixtures';
import { createHandlers, type VideoPipelineHandlers } from './handler';
import { SubscriptionId } from './subscription';

const context = createTestLambdaContext({ functionName: 'sfe-test-video-pipeline' });

describe('video pipeline handlers', () => {
  let table: MemoryTableStore;
  let transcriber: RecordingTranscriber;
  let transcoder: RecordingTranscoder;
  let logger: CapturingLogger;
  let handlers: VideoPipelineHandlers;

  beforeEach(() => {
    table = new MemoryTableStore();
    transcriber = new RecordingTranscriber();
    transcoder = new RecordingTranscoder();
    logger = new CapturingLogger({ serviceName: 'video-pipeline' });
    handlers = createHandlers({
      table,
      transcriber,
      transcoder,
      config: { uploadsBucket: FIXTURE_BUCKET, languageCode: 'en-US' },
      logger,
    });
  });

  it('handles an upload record and logs what it did with the video correlation id', async () => {
    const response = await handlers[SubscriptionId.videoUploaded](
      toSqsEvent([toSqsRecord(fixture('s3-object-created.upload'), { messageId: 'm1' })]),
      context,
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect((await table.get(keys.video('intro-to-events')))?.status).toBe('transcribing');
    expect(
      logger.lines.map(({ level, message, messageId, videoId, action, correlationId }) => ({
        level,
        message,
        messageId,
        videoId,
        action,
        correlationId,
      })),
    ).toStrictEqual([
      {
        level: 'INFO',
        message: 'S3 Object Created handled',
        messageId: 'm1',
        videoId: 'intro-to-events',
        action: 'transcription-started',
        correlationId: uuidFromName('video:intro-to-events'),
      },
    ]);
  });

  it('fails only the malformed, non-JSON and misrouted records of a batch, naming the reason', async () => {
    const missingKey = fixture('s3-object-created.upload');
    delete missingKey.detail.object.key;
    const response = await handlers[SubscriptionId.videoUploaded](
      toSqsEvent([
        toSqsRecord(missingKey, { messageId: 'malformed' }),
        toSqsRecord('{"not json', { messageId: 'not-json' }),
        toSqsRecord(fixture('transcribe-job-state-change.completed'), { messageId: 'misrouted' }),
        toSqsRecord(fixture('s3-object-created.upload'), { messageId: 'good' }),
      ]),
      context,
    );
    expect(response).toStrictEqual({
      batchItemFailures: [
        { itemIdentifier: 'malformed' },
        { itemIdentifier: 'not-json' },
        { itemIdentifier: 'misrouted' },
      ],
    });
    expect(transcriber.requests).toHaveLength(1);
    const errors = logger.lines.filter((line) => line.level === 'ERROR');
    expect(errors.map((line) => [line.messageId, (line.error as { message: string }).message])).toStrictEqual(
      [
        [
          'malformed',
          'message malformed is not a valid S3 Object Created event (source "aws.s3", detail-type "Object Created"): detail.object.key: Invalid input: expected string, received undefined',
        ],
        ['not-json', 'message not-json is not JSON, so not an S3 Object Created event'],
        [
          'misrouted',
          expect.stringMatching(
            /^message misrouted is not a valid S3 Object Created event \(source "aws.transcribe", detail-type "Transcribe Job State Change"\): /,
          ),
        ],
      ],
    );
  });

  it('refuses a pipeline output delivered anyway (loop guard): the record fails, no job starts', async () => {
    const response = await handlers[SubscriptionId.videoUploaded](
      toSqsEvent([toSqsRecord(fixture('s3-object-created.output'), { messageId: 'output' })]),
      context,
    );
    expect(response).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'output' }] });
    expect(transcriber.requests).toStrictEqual([]);
    expect(table.changes).toStrictEqual([]);
    expect(logger.lines.map((line) => (line.error as { name?: string } | undefined)?.name)).toStrictEqual([
      'NotAnUploadError',
    ]);
  });

  it('handles a duplicated upload in one batch once', async () => {
    const upload = fixture('s3-object-created.upload');
    const response = await handlers[SubscriptionId.videoUploaded](
      toSqsEvent([toSqsRecord(upload, { messageId: 'a' }), toSqsRecord(upload, { messageId: 'b' })]),
      context,
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(new Set(transcriber.requests.map((request) => request.jobName))).toStrictEqual(
      new Set(['sfe-intro-to-events']),
    );
    expect(table.changes.map((change) => change.newImage?.status)).toStrictEqual([
      'uploaded',
      'transcribing',
    ]);
  });

  it('runs the three steps in order from SQS records to a ready video', async () => {
    await handlers[SubscriptionId.videoUploaded](
      toSqsEvent([toSqsRecord(fixture('s3-object-created.upload'))]),
      context,
    );
    await handlers[SubscriptionId.transcriptionFinished](
      toSqsEvent([toSqsRecord(fixture('transcribe-job-state-change.completed'))]),
      context,
    );
    const response = await handlers[SubscriptionId.transcodeFinished](
      toSqsEvent([toSqsRecord(fixture('mediaconvert-job-state-change.complete'))]),
      context,
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(table.changes.map((change) => change.newImage?.status)).toStrictEqual([
      'uploaded',
      'transcribing',
      'transcoding',
      'ready',
    ]);
  });

  it('records a Transcribe failure and a MediaConvert error as failed videos', async () => {
    await handlers[SubscriptionId.videoUploaded](
      toSqsEvent([toSqsRecord(fixture('s3-object-created.upload'))]),
      context,
    );
    await handlers[SubscriptionId.transcriptionFinished](
      toSqsEvent([toSqsRecord(fixture('transcribe-job-state-change.failed'))]),
      context,
    );
    const video = await table.get(keys.video('intro-to-events'));
    expect(video?.status).toBe('failed');
    expect(String(video?.failureReason)).toMatch(
      /^Transcription job sfe-intro-to-events failed: The media format/,
    );

    // An ERROR for a video that already failed is a duplicate, not a second failure.
    const response = await handlers[SubscriptionId.transcodeFinished](
      toSqsEvent([toSqsRecord(fixture('mediaconvert-job-state-change.error'))]),
      context,
    );
    expect(response).toStrictEqual({ batchItemFailures: [] });
    expect(table.changes.map((change) => change.newImage?.status)).toStrictEqual([
      'uploaded',
      'transcribing',
      'failed',
    ]);
  });

  it('fails a malformed MediaConvert event and a malformed Transcribe event', async () => {
    const complete = fixture('mediaconvert-job-state-change.complete');
    complete.detail.jobId = '';
    const transcribe = fixture('transcribe-job-state-change.completed');
    transcribe.source = 'aws.s3';
    const [mediaConvert, transcription] = await Promise.all([
      handlers[SubscriptionId.transcodeFinished](
        toSqsEvent([toSqsRecord(complete, { messageId: 'mc' })]),
        context,
      ),
      handlers[SubscriptionId.transcriptionFinished](
        toSqsEvent([toSqsRecord(transcribe, { messageId: 'tr' })]),
        context,
      ),
    ]);
    expect(mediaConvert).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'mc' }] });
    expect(transcription).toStrictEqual({ batchItemFailures: [{ itemIdentifier: 'tr' }] });
  });
});
