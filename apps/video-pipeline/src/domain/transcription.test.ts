import { describe, expect, it } from 'vitest';
import { buildTranscriptionRequest } from './transcription';

describe('buildTranscriptionRequest', () => {
  it('asks for WebVTT and SRT subtitles written under the video processed/ folder', () => {
    const request = buildTranscriptionRequest(
      { videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mp4' },
      { bucket: 'uploads-bucket', languageCode: 'en-GB' },
    );
    expect(request).toStrictEqual({
      jobName: 'sfe-v1',
      videoId: 'v1',
      courseId: 'c1',
      bucket: 'uploads-bucket',
      mediaKey: 'uploads/c1/v1.mp4',
      outputKey: 'processed/c1/v1/transcript/',
      languageCode: 'en-GB',
      subtitleFormats: ['vtt', 'srt'],
      captionsKey: 'processed/c1/v1/transcript/sfe-v1.vtt',
    });
  });
});
