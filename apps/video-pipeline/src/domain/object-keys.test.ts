import { describe, expect, it } from 'vitest';
import { InvalidUploadKeyError, NotAnUploadError } from './errors';
import {
  parseS3Uri,
  parseUploadKey,
  sidecarTranscriptKey,
  transcodeOutputKeys,
  transcriptKeys,
} from './object-keys';

describe('parseUploadKey', () => {
  it('reads course and video ids from uploads/<courseId>/<videoId>.<ext>', () => {
    expect(parseUploadKey('uploads/course-101/intro-to-events.mp4')).toStrictEqual({
      courseId: 'course-101',
      videoId: 'intro-to-events',
      extension: 'mp4',
      key: 'uploads/course-101/intro-to-events.mp4',
    });
  });

  it('accepts the three video extensions, lower case only (as the rule routes them)', () => {
    expect(parseUploadKey('uploads/c1/Lecture_02.mov').extension).toBe('mov');
    expect(parseUploadKey('uploads/c1/v.mkv').extension).toBe('mkv');
    expect(() => parseUploadKey('uploads/c1/v.MP4')).toThrow(InvalidUploadKeyError);
  });

  it('refuses a pipeline output under processed/ (the loop guard)', () => {
    expect(() => parseUploadKey('processed/c1/v1/v1-captioned.mp4')).toThrow(
      new NotAnUploadError(
        'refusing "processed/c1/v1/v1-captioned.mp4": it is a pipeline output; only uploads/ objects start the pipeline',
      ),
    );
  });

  it('refuses objects outside uploads/', () => {
    expect(() => parseUploadKey('raw/c1/v1.mp4')).toThrow(NotAnUploadError);
  });

  it('refuses keys without a course folder, nested folders and other suffixes', () => {
    for (const key of [
      'uploads/v1.mp4',
      'uploads/c1/extra/v1.mp4',
      'uploads/c1/v1.txt',
      'uploads/c1/v1.Mp4',
    ]) {
      expect(() => parseUploadKey(key), key).toThrow(InvalidUploadKeyError);
    }
  });

  it('refuses ids with characters that are not valid in job names', () => {
    expect(() => parseUploadKey('uploads/c1/my video.mp4')).toThrow(
      'upload key "uploads/c1/my video.mp4": videoId "my video" must be 1-128 letters, digits, "_" or "-", starting with a letter or digit',
    );
    expect(() => parseUploadKey(`uploads/c1/${'v'.repeat(129)}.mp4`)).toThrow(InvalidUploadKeyError);
    expect(() => parseUploadKey('uploads/-c/v1.mp4')).toThrow('courseId "-c"');
  });
});

describe('output keys', () => {
  it('places Transcribe output and transcode outputs under processed/<courseId>/<videoId>/', () => {
    expect(transcriptKeys('c1', 'v1', 'sfe-v1')).toStrictEqual({
      json: 'processed/c1/v1/transcript/sfe-v1.json',
      vtt: 'processed/c1/v1/transcript/sfe-v1.vtt',
      srt: 'processed/c1/v1/transcript/sfe-v1.srt',
    });
    expect(transcodeOutputKeys('c1', 'v1')).toStrictEqual({
      base: 'processed/c1/v1/v1',
      video: 'processed/c1/v1/v1-captioned.mp4',
      captions: 'processed/c1/v1/v1-captions.vtt',
    });
  });

  it('finds the sidecar transcript beside the upload', () => {
    expect(sidecarTranscriptKey(parseUploadKey('uploads/c1/v1.mov'))).toBe('uploads/c1/v1.txt');
  });
});

describe('parseS3Uri', () => {
  it('splits bucket and key, and rejects anything else', () => {
    expect(parseS3Uri('s3://b/processed/a/b.mp4')).toStrictEqual({ bucket: 'b', key: 'processed/a/b.mp4' });
    expect(parseS3Uri('https://b.s3.amazonaws.com/a.mp4')).toBeUndefined();
    expect(parseS3Uri('s3://b/')).toBeUndefined();
  });
});
