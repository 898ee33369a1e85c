import { compilePattern } from '@sfe/event-patterns';
import { describe, expect, it } from 'vitest';
import { FIXTURE_BUCKET, fixture } from '../test/fixtures';
import { createSubscriptions, LOCAL_UPLOADS_BUCKET, SubscriptionId, subscriptions } from './subscription';

function patternOf(id: SubscriptionId, bucket = FIXTURE_BUCKET) {
  const subscription = createSubscriptions(bucket).find((candidate) => candidate.id === id);
  if (!subscription) throw new Error(`no subscription ${id}`);
  return compilePattern(subscription.pattern);
}

function uploadOf(key: string, bucket = FIXTURE_BUCKET) {
  const event = fixture('s3-object-created.upload');
  event.detail.object.key = key;
  event.detail.bucket.name = bucket;
  return event;
}

describe('subscriptions', () => {
  it('are three rules on the default bus, with the local bucket in the local set', () => {
    expect(subscriptions.map((subscription) => [subscription.id, subscription.bus])).toStrictEqual([
      ['video-uploaded', 'default'],
      ['transcription-finished', 'default'],
      ['transcode-finished', 'default'],
    ]);
    expect(subscriptions[0]?.pattern).toMatchObject({ detail: { bucket: { name: [LOCAL_UPLOADS_BUCKET] } } });
  });

  it('are patterns EventBridge accepts (the engine validates them as AWS does)', () => {
    for (const subscription of createSubscriptions(FIXTURE_BUCKET)) {
      expect(() => compilePattern(subscription.pattern), subscription.id).not.toThrow();
    }
  });
});

describe('the upload rule', () => {
  const rule = patternOf(SubscriptionId.videoUploaded);

  it('matches video uploads under uploads/ in the uploads bucket, whatever the course folder', () => {
    expect(rule.matches(fixture('s3-object-created.upload'))).toBe(true);
    for (const key of ['uploads/c1/v1.mp4', 'uploads/c1/v1.mov', 'uploads/c1/v1.mkv', 'uploads/a/b/c.mp4']) {
      expect(rule.matches(uploadOf(key)), key).toBe(true);
    }
  });

  it('does not match pipeline outputs under processed/ (no loop), even with a video suffix', () => {
    expect(rule.matches(fixture('s3-object-created.output'))).toBe(false);
    for (const key of [
      'processed/course-101/intro-to-events/intro-to-events-captioned.mp4',
      'processed/course-101/intro-to-events/transcript/sfe-intro-to-events.vtt',
      'processed/course-101/intro-to-events/transcript/sfe-intro-to-events.json',
    ]) {
      expect(rule.matches(uploadOf(key)), key).toBe(false);
    }
  });

  it('does not match other suffixes, keys merely containing uploads/, or other buckets', () => {
    for (const key of [
      'uploads/c1/v1.txt',
      'uploads/c1/v1.mp4.txt',
      'uploads/c1/v1.MP4',
      'archive/uploads/c1/v1.mp4',
    ]) {
      expect(rule.matches(uploadOf(key)), key).toBe(false);
    }
    expect(rule.matches(uploadOf('uploads/c1/v1.mp4', 'another-bucket'))).toBe(false);
  });

  it('does not match other S3 events for the same key', () => {
    const deleted = fixture('s3-object-created.upload');
    deleted['detail-type'] = 'Object Deleted';
    expect(rule.matches(deleted)).toBe(false);
  });
});

describe('the transcription rule', () => {
  const rule = patternOf(SubscriptionId.transcriptionFinished);

  it('matches our jobs completing or failing', () => {
    expect(rule.matches(fixture('transcribe-job-state-change.completed'))).toBe(true);
    expect(rule.matches(fixture('transcribe-job-state-change.failed'))).toBe(true);
  });

  it('does not match other jobs or other statuses', () => {
    const foreign = fixture('transcribe-job-state-change.completed');
    foreign.detail.TranscriptionJobName = 'my-first-transcription-job';
    const inProgress = fixture('transcribe-job-state-change.completed');
    inProgress.detail.TranscriptionJobStatus = 'IN_PROGRESS';
    expect(rule.matches(foreign)).toBe(false);
    expect(rule.matches(inProgress)).toBe(false);
  });
});

describe('the transcode rule', () => {
  const rule = patternOf(SubscriptionId.transcodeFinished);

  it('matches our jobs completing or failing', () => {
    expect(rule.matches(fixture('mediaconvert-job-state-change.complete'))).toBe(true);
    expect(rule.matches(fixture('mediaconvert-job-state-change.error'))).toBe(true);
  });

  it('does not match jobs without our videoId metadata (the AWS example) or progress updates', () => {
    expect(rule.matches(fixture('mediaconvert-job-state-change.error.aws-docs'))).toBe(false);
    const progressing = fixture('mediaconvert-job-state-change.complete');
    progressing.detail.status = 'PROGRESSING';
    expect(rule.matches(progressing)).toBe(false);
  });
});
