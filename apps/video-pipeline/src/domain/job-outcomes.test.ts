import { describe, expect, it } from 'vitest';
import { ForeignJobError, UnexpectedBucketError } from './errors';
import {
  completedOutputKeys,
  transcodeFailureReason,
  transcriptionFailureReason,
  videoFromUserMetadata,
} from './job-outcomes';

const video = { videoId: 'v1', courseId: 'c1' };

describe('failure reasons', () => {
  it('names the job and quotes the service reason', () => {
    expect(transcriptionFailureReason('sfe-v1', 'Unsupported media format')).toBe(
      'Transcription job sfe-v1 failed: Unsupported media format',
    );
    expect(transcriptionFailureReason('sfe-v1', undefined)).toBe(
      'Transcription job sfe-v1 failed: Transcribe gave no FailureReason',
    );
    expect(transcodeFailureReason({ jobId: 'j1', errorCode: 1010, errorMessage: 'Input Error' })).toBe(
      'Transcode job j1 failed (error 1010): Input Error',
    );
    expect(transcodeFailureReason({ jobId: 'j1' })).toBe(
      'Transcode job j1 failed: MediaConvert gave no errorMessage',
    );
  });
});

describe('videoFromUserMetadata', () => {
  it('reads our ids and rejects metadata without them', () => {
    expect(videoFromUserMetadata({ videoId: 'v1', courseId: 'c1', other: 'x' })).toStrictEqual(video);
    expect(() => videoFromUserMetadata({ videoId: 'v1' })).toThrow(ForeignJobError);
    expect(() => videoFromUserMetadata({})).toThrow('does not name a videoId and courseId of ours');
  });
});

describe('completedOutputKeys', () => {
  const paths = (...filePaths: string[]) => ({
    jobId: 'j1',
    outputGroupDetails: [
      { type: 'FILE_GROUP', outputDetails: filePaths.map((path) => ({ outputFilePaths: [path] })) },
    ],
  });

  it('takes the video and captions from the paths MediaConvert lists', () => {
    expect(
      completedOutputKeys(
        paths('s3://b/processed/c1/v1/v1-captioned.mp4', 's3://b/processed/c1/v1/v1-captions.vtt'),
        video,
        'b',
      ),
    ).toStrictEqual({
      outputKey: 'processed/c1/v1/v1-captioned.mp4',
      captionsKey: 'processed/c1/v1/v1-captions.vtt',
    });
  });

  it('falls back to the keys the job was asked to write when a path is not listed', () => {
    expect(completedOutputKeys(paths('s3://b/processed/c1/v1/v1-captioned.mp4'), video, 'b')).toStrictEqual({
      outputKey: 'processed/c1/v1/v1-captioned.mp4',
      captionsKey: 'processed/c1/v1/v1-captions.vtt',
    });
    expect(completedOutputKeys({ jobId: 'j1' }, video, 'b')).toStrictEqual({
      outputKey: 'processed/c1/v1/v1-captioned.mp4',
      captionsKey: 'processed/c1/v1/v1-captions.vtt',
    });
  });

  it('rejects outputs written outside the video folder or bucket', () => {
    expect(() => completedOutputKeys(paths('s3://other/processed/c1/v1/v1.mp4'), video, 'b')).toThrow(
      new UnexpectedBucketError(
        'MediaConvert job j1 wrote "s3://other/processed/c1/v1/v1.mp4", outside s3://b/processed/c1/v1/',
      ),
    );
    expect(() => completedOutputKeys(paths('s3://b/uploads/c1/v1.mp4'), video, 'b')).toThrow(
      UnexpectedBucketError,
    );
  });
});
