import { uuidFromName } from '@sfe/events';
import { keys, MemoryTableStore, type VideoItem } from '@sfe/records';
import { beforeEach, describe, expect, it } from 'vitest';
import { RecordingTranscoder, RecordingTranscriber } from '../../test/fakes';
import { FIXTURE_BUCKET, fixture } from '../../test/fixtures';
import {
  MediaConvertJobStateChangeEventSchema,
  S3ObjectCreatedEventSchema,
  TranscribeJobStateChangeEventSchema,
} from '../aws-events';
import {
  ForeignJobError,
  NotAnUploadError,
  StepOutOfOrderError,
  UnexpectedBucketError,
  UnexpectedJobStatusError,
  VideoIdConflictError,
  VideoNotFoundError,
} from '../domain/errors';
import { buildTranscriptionRequest } from '../domain/transcription';
import {
  onTranscodeFinished,
  onTranscriptionFinished,
  onVideoUploaded,
  type PipelineDeps,
} from './pipeline-steps';

const VIDEO_KEY = keys.video('intro-to-events');
const CORRELATION = uuidFromName('video:intro-to-events');

const uploaded = () => S3ObjectCreatedEventSchema.parse(fixture('s3-object-created.upload'));
const transcribed = () =>
  TranscribeJobStateChangeEventSchema.parse(fixture('transcribe-job-state-change.completed'));
const transcriptionFailed = () =>
  TranscribeJobStateChangeEventSchema.parse(fixture('transcribe-job-state-change.failed'));
const transcoded = () =>
  MediaConvertJobStateChangeEventSchema.parse(fixture('mediaconvert-job-state-change.complete'));
const transcodeFailed = () =>
  MediaConvertJobStateChangeEventSchema.parse(fixture('mediaconvert-job-state-change.error'));

describe('the video pipeline steps', () => {
  let table: MemoryTableStore;
  let transcriber: RecordingTranscriber;
  let transcoder: RecordingTranscoder;
  let deps: PipelineDeps;

  beforeEach(() => {
    table = new MemoryTableStore();
    transcriber = new RecordingTranscriber();
    transcoder = new RecordingTranscoder();
    deps = {
      table,
      transcriber,
      transcoder,
      config: { uploadsBucket: FIXTURE_BUCKET, languageCode: 'en-US' },
    };
  });

  const stored = async () => (await table.get(VIDEO_KEY)) as VideoItem | undefined;
  const statuses = () => table.changes.map((change) => change.newImage?.status);

  /** Stores the fixture video in `status`, as an earlier step left it (its writes are not counted). */
  async function seed(status: VideoItem['status']) {
    await table.transact([
      {
        kind: 'put',
        item: {
          ...VIDEO_KEY,
          entityType: 'VIDEO',
          videoId: 'intro-to-events',
          courseId: 'course-101',
          title: 'Intro to events',
          status,
          sourceKey: 'uploads/course-101/intro-to-events.mp4',
          correlationId: CORRELATION,
        },
      },
    ]);
    table.changes.splice(0);
  }

  describe('onVideoUploaded', () => {
    it('records the video as uploaded, starts transcription, then marks it transcribing', async () => {
      expect(await onVideoUploaded(deps, uploaded())).toStrictEqual({
        videoId: 'intro-to-events',
        correlationId: CORRELATION,
        action: 'transcription-started',
        status: 'transcribing',
      });
      expect(statuses()).toStrictEqual(['uploaded', 'transcribing']);
      expect(await stored()).toStrictEqual({
        ...VIDEO_KEY,
        entityType: 'VIDEO',
        videoId: 'intro-to-events',
        courseId: 'course-101',
        title: 'Intro to events',
        status: 'transcribing',
        sourceKey: 'uploads/course-101/intro-to-events.mp4',
        correlationId: CORRELATION,
      });
      expect(transcriber.requests).toStrictEqual([
        {
          jobName: 'sfe-intro-to-events',
          videoId: 'intro-to-events',
          courseId: 'course-101',
          bucket: FIXTURE_BUCKET,
          mediaKey: 'uploads/course-101/intro-to-events.mp4',
          outputKey: 'processed/course-101/intro-to-events/transcript/',
          languageCode: 'en-US',
          subtitleFormats: ['vtt', 'srt'],
          captionsKey: 'processed/course-101/intro-to-events/transcript/sfe-intro-to-events.vtt',
        },
      ]);
    });

    it('does not start a second job or rewrite the item when the event is delivered again', async () => {
      await onVideoUploaded(deps, uploaded());
      const again = await onVideoUploaded(deps, uploaded());
      expect(again.action).toBe('duplicate');
      expect(transcriber.requests).toHaveLength(1);
      expect(statuses()).toStrictEqual(['uploaded', 'transcribing']);
    });

    it('finishes an earlier delivery that recorded the video but failed before marking it transcribing', async () => {
      await seed('uploaded');
      // The earlier delivery started the job.
      await transcriber.start(
        buildTranscriptionRequest(
          {
            videoId: 'intro-to-events',
            courseId: 'course-101',
            sourceKey: 'uploads/course-101/intro-to-events.mp4',
          },
          { bucket: FIXTURE_BUCKET, languageCode: 'en-US' },
        ),
      );
      expect((await onVideoUploaded(deps, uploaded())).action).toBe('transcription-already-started');
      expect(statuses()).toStrictEqual(['transcribing']);
    });

    it('keeps a title registered before the upload', async () => {
      await seed('uploaded');
      await table.transact([{ kind: 'update', key: VIDEO_KEY, set: { title: 'Introduction to events' } }]);
      await onVideoUploaded(deps, uploaded());
      expect((await stored())?.title).toBe('Introduction to events');
    });

    it('fails the record, leaving the video uploaded, when Transcribe refuses the job', async () => {
      transcriber.failWith = new Error('LimitExceededException: too many jobs');
      await expect(onVideoUploaded(deps, uploaded())).rejects.toThrow('too many jobs');
      expect((await stored())?.status).toBe('uploaded');
    });

    it('refuses a pipeline output delivered anyway (the loop guard): no item, no job', async () => {
      const output = S3ObjectCreatedEventSchema.parse(fixture('s3-object-created.output'));
      await expect(onVideoUploaded(deps, output)).rejects.toThrow(NotAnUploadError);
      expect(table.changes).toStrictEqual([]);
      expect(transcriber.requests).toStrictEqual([]);
    });

    it('refuses objects from another bucket', async () => {
      const event = uploaded();
      event.detail.bucket.name = 'someone-elses-bucket';
      await expect(onVideoUploaded(deps, event)).rejects.toThrow(
        new UnexpectedBucketError(
          `object in bucket "someone-elses-bucket", but this pipeline watches "${FIXTURE_BUCKET}"`,
        ),
      );
    });

    it('refuses a second upload reusing a videoId', async () => {
      await onVideoUploaded(deps, uploaded());
      const event = uploaded();
      event.detail.object.key = 'uploads/course-202/intro-to-events.mkv';
      await expect(onVideoUploaded(deps, event)).rejects.toThrow(VideoIdConflictError);
      expect(transcriber.requests).toHaveLength(1);
    });
  });

  describe('onTranscriptionFinished', () => {
    it('on COMPLETED submits the transcode of the upload with Transcribe captions and marks it transcoding', async () => {
      await seed('transcribing');
      expect(await onTranscriptionFinished(deps, transcribed())).toStrictEqual({
        videoId: 'intro-to-events',
        correlationId: CORRELATION,
        action: 'transcoding-started',
        status: 'transcoding',
        jobId: 'job-1',
      });
      expect(transcoder.requests).toStrictEqual([
        {
          videoId: 'intro-to-events',
          courseId: 'course-101',
          bucket: FIXTURE_BUCKET,
          sourceKey: 'uploads/course-101/intro-to-events.mp4',
          captionsSourceKey: 'processed/course-101/intro-to-events/transcript/sfe-intro-to-events.vtt',
          outputBaseKey: 'processed/course-101/intro-to-events/intro-to-events',
          outputVideoKey: 'processed/course-101/intro-to-events/intro-to-events-captioned.mp4',
          outputCaptionsKey: 'processed/course-101/intro-to-events/intro-to-events-captions.vtt',
        },
      ]);
      expect(statuses()).toStrictEqual(['transcoding']);
    });

    it('on FAILED marks the video failed with Transcribe FailureReason and starts nothing', async () => {
      await seed('transcribing');
      expect((await onTranscriptionFinished(deps, transcriptionFailed())).action).toBe('failed');
      expect(await stored()).toMatchObject({
        status: 'failed',
        failureReason:
          'Transcription job sfe-intro-to-events failed: The media format provided does not match the detected media format. Check the media format and try your request again.',
        correlationId: CORRELATION,
      });
      expect(transcoder.requests).toStrictEqual([]);
    });

    it('ignores a re-delivered COMPLETED once the video is transcoding: no second transcode', async () => {
      await seed('transcribing');
      await onTranscriptionFinished(deps, transcribed());
      expect((await onTranscriptionFinished(deps, transcribed())).action).toBe('duplicate');
      expect(transcoder.requests).toHaveLength(1);
      expect(statuses()).toStrictEqual(['transcoding']);
    });

    it('retries (fails the record) when it overtook the upload step', async () => {
      await seed('uploaded');
      await expect(onTranscriptionFinished(deps, transcribed())).rejects.toThrow(StepOutOfOrderError);
      expect(transcoder.requests).toStrictEqual([]);
    });

    it('fails for a job of ours whose video is unknown, and for jobs that are not ours', async () => {
      await expect(onTranscriptionFinished(deps, transcribed())).rejects.toThrow(VideoNotFoundError);
      const foreign = transcribed();
      foreign.detail.TranscriptionJobName = 'sfe-';
      await expect(onTranscriptionFinished(deps, foreign)).rejects.toThrow(ForeignJobError);
    });

    it('refuses statuses its rule does not route (IN_PROGRESS)', async () => {
      const event = transcribed();
      event.detail.TranscriptionJobStatus = 'IN_PROGRESS';
      await expect(onTranscriptionFinished(deps, event)).rejects.toThrow(UnexpectedJobStatusError);
    });

    it('fails the record, leaving the video transcribing, when MediaConvert refuses the job', async () => {
      await seed('transcribing');
      transcoder.failWith = new Error('BadRequestException: invalid role');
      await expect(onTranscriptionFinished(deps, transcribed())).rejects.toThrow('invalid role');
      expect((await stored())?.status).toBe('transcribing');
    });
  });

  describe('onTranscodeFinished', () => {
    it('on COMPLETE marks the video ready with the output and captions keys', async () => {
      await seed('transcoding');
      expect(await onTranscodeFinished(deps, transcoded())).toStrictEqual({
        videoId: 'intro-to-events',
        correlationId: CORRELATION,
        action: 'ready',
        status: 'ready',
        jobId: '1795428641000-k3x9qa',
      });
      expect(await stored()).toStrictEqual({
        ...VIDEO_KEY,
        entityType: 'VIDEO',
        videoId: 'intro-to-events',
        courseId: 'course-101',
        title: 'Intro to events',
        status: 'ready',
        sourceKey: 'uploads/course-101/intro-to-events.mp4',
        outputKey: 'processed/course-101/intro-to-events/intro-to-events-captioned.mp4',
        captionsKey: 'processed/course-101/intro-to-events/intro-to-events-captions.vtt',
        correlationId: CORRELATION,
      });
    });

    it('on ERROR marks the video failed with the MediaConvert error', async () => {
      await seed('transcoding');
      expect((await onTranscodeFinished(deps, transcodeFailed())).action).toBe('failed');
      expect((await stored())?.failureReason).toBe(
        "Transcode job 1795428641000-k3x9qa failed (error 1040): Unable to open input file [s3://sfe-dev-video-uploads/uploads/course-101/intro-to-events.mp4]: [Failed probe/open: [Can't read input stream: [Failed to read data: AssumeRole failed]]]",
      );
    });

    it('does not rewrite the item when COMPLETE is delivered again', async () => {
      await seed('transcoding');
      await onTranscodeFinished(deps, transcoded());
      expect((await onTranscodeFinished(deps, transcoded())).action).toBe('duplicate');
      expect(statuses()).toStrictEqual(['ready']);
    });

    it('retries when it overtook the transcription step', async () => {
      await seed('transcribing');
      await expect(onTranscodeFinished(deps, transcoded())).rejects.toThrow(StepOutOfOrderError);
    });

    it('refuses a job whose metadata is not ours or names another course', async () => {
      await seed('transcoding');
      const foreign = transcoded();
      foreign.detail.userMetadata = { customer: 'x' };
      await expect(onTranscodeFinished(deps, foreign)).rejects.toThrow(ForeignJobError);
      const otherCourse = transcoded();
      otherCourse.detail.userMetadata = { videoId: 'intro-to-events', courseId: 'course-202' };
      await expect(onTranscodeFinished(deps, otherCourse)).rejects.toThrow(
        'MediaConvert job 1795428641000-k3x9qa names course "course-202", but video "intro-to-events" belongs to "course-101"',
      );
      expect((await stored())?.status).toBe('transcoding');
    });

    it('refuses statuses its rule does not route (PROGRESSING)', async () => {
      const event = transcoded();
      event.detail.status = 'PROGRESSING';
      await expect(onTranscodeFinished(deps, event)).rejects.toThrow(UnexpectedJobStatusError);
    });
  });
});
