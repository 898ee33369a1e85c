import { describe, expect, it } from 'vitest';
import { ForeignJobError } from './errors';
import { transcriptionJobName, videoIdFromJobName } from './job-names';

describe('transcription job names', () => {
  it('names the job sfe-<videoId> and reads the videoId back', () => {
    expect(transcriptionJobName('intro-to-events')).toBe('sfe-intro-to-events');
    expect(videoIdFromJobName('sfe-intro-to-events')).toBe('intro-to-events');
  });

  it('fits Transcribe job name rules for the longest videoId', () => {
    const name = transcriptionJobName('v'.repeat(128));
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).toMatch(/^[0-9a-zA-Z._-]+$/);
  });

  it('rejects jobs the pipeline did not name', () => {
    expect(() => videoIdFromJobName('my-first-transcription-job')).toThrow(
      new ForeignJobError(
        'Transcribe job "my-first-transcription-job" is not one of ours (expected sfe-<videoId>)',
      ),
    );
    expect(() => videoIdFromJobName('sfe-')).toThrow(ForeignJobError);
    expect(() => videoIdFromJobName('sfe-a.b')).toThrow(ForeignJobError);
  });
});
