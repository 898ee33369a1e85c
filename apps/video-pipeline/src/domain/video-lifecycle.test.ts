import { uuidFromName } from '@sfe/events';
import type { VideoItem } from '@sfe/records';
import { describe, expect, it } from 'vitest';
import {
  InvalidVideoItemError,
  StepOutOfOrderError,
  VideoIdConflictError,
  VideoNotFoundError,
} from './errors';
import { parseUploadKey } from './object-keys';
import {
  correlationIdForVideo,
  decideOnJobFinished,
  decideOnUpload,
  failureUpdate,
  MAX_FAILURE_REASON_LENGTH,
  newVideoItem,
  statusUpdate,
  titleFromVideoId,
  toVideoItem,
} from './video-lifecycle';

const upload = parseUploadKey('uploads/course-101/intro-to-events.mp4');
const CORRELATION = uuidFromName('video:intro-to-events');

function video(status: VideoItem['status']): VideoItem {
  return { ...newVideoItem(upload), status };
}

describe('newVideoItem', () => {
  it('records the upload as an uploaded VIDEO item carrying the deterministic correlation id', () => {
    expect(newVideoItem(upload)).toStrictEqual({
      pk: 'VIDEO#intro-to-events',
      sk: 'METADATA',
      entityType: 'VIDEO',
      videoId: 'intro-to-events',
      courseId: 'course-101',
      title: 'Intro to events',
      status: 'uploaded',
      sourceKey: 'uploads/course-101/intro-to-events.mp4',
      correlationId: CORRELATION,
    });
    expect(correlationIdForVideo('intro-to-events')).toBe(CORRELATION);
  });

  it('derives a readable title from the videoId', () => {
    expect(titleFromVideoId('week_3--event_sourcing')).toBe('Week 3 event sourcing');
  });
});

describe('toVideoItem', () => {
  it('returns undefined for no item and rejects an item that breaks the VIDEO contract', () => {
    expect(toVideoItem(undefined)).toBeUndefined();
    const broken = { ...newVideoItem(upload), status: 'encoding' };
    expect(() => toVideoItem(broken)).toThrow(InvalidVideoItemError);
    expect(() => toVideoItem(broken)).toThrow(
      'stored item VIDEO#intro-to-events/METADATA is not a valid VIDEO item: status:',
    );
  });
});

describe('decideOnUpload', () => {
  it('records and transcribes a first upload', () => {
    expect(decideOnUpload(undefined, upload)).toStrictEqual({
      kind: 'record-and-transcribe',
      item: newVideoItem(upload),
    });
  });

  it('transcribes a video recorded but not yet transcribing, keeping its stored title', () => {
    const registered = { ...video('uploaded'), title: 'Introduction to event-driven design' };
    expect(decideOnUpload(registered, upload)).toStrictEqual({ kind: 'transcribe', item: registered });
  });

  it('treats an upload of a video already past the upload step as a duplicate', () => {
    for (const status of ['transcribing', 'transcoding', 'ready', 'failed'] as const) {
      expect(decideOnUpload(video(status), upload).kind, status).toBe('duplicate');
    }
  });

  it('refuses a second upload claiming the same videoId', () => {
    const other = parseUploadKey('uploads/course-202/intro-to-events.mov');
    expect(() => decideOnUpload(video('ready'), other)).toThrow(
      new VideoIdConflictError(
        'videoId "intro-to-events" already belongs to uploads/course-101/intro-to-events.mp4; upload uploads/course-202/intro-to-events.mov needs a different videoId',
      ),
    );
  });
});

describe('decideOnJobFinished', () => {
  it('proceeds only while the video is in the expected status', () => {
    expect(decideOnJobFinished(video('transcribing'), 'intro-to-events', 'transcribing').kind).toBe(
      'proceed',
    );
    expect(decideOnJobFinished(video('transcoding'), 'intro-to-events', 'transcoding').kind).toBe('proceed');
  });

  it('calls a later status a duplicate', () => {
    expect(decideOnJobFinished(video('transcoding'), 'intro-to-events', 'transcribing').kind).toBe(
      'duplicate',
    );
    expect(decideOnJobFinished(video('ready'), 'intro-to-events', 'transcoding').kind).toBe('duplicate');
    expect(decideOnJobFinished(video('failed'), 'intro-to-events', 'transcribing').kind).toBe('duplicate');
  });

  it('asks for a retry when the event overtook the previous step', () => {
    expect(() => decideOnJobFinished(video('uploaded'), 'intro-to-events', 'transcribing')).toThrow(
      StepOutOfOrderError,
    );
    expect(() => decideOnJobFinished(video('transcribing'), 'intro-to-events', 'transcoding')).toThrow(
      'video "intro-to-events" is still "transcribing", expected "transcoding": retrying once the earlier step is recorded',
    );
  });

  it('fails when there is no VIDEO item', () => {
    expect(() => decideOnJobFinished(undefined, 'ghost', 'transcribing')).toThrow(
      new VideoNotFoundError('no VIDEO item for videoId "ghost"'),
    );
  });
});

describe('status writes', () => {
  it('moves status only from the expected previous status', () => {
    expect(statusUpdate(video('uploaded'), 'transcribing')).toStrictEqual({
      kind: 'update',
      key: { pk: 'VIDEO#intro-to-events', sk: 'METADATA' },
      set: { status: 'transcribing', correlationId: CORRELATION },
      condition: { kind: 'attributesEqual', attributes: { status: 'uploaded' } },
    });
    expect(
      statusUpdate(video('transcoding'), 'ready', { outputKey: 'o.mp4', captionsKey: 'c.vtt' }),
    ).toStrictEqual({
      kind: 'update',
      key: { pk: 'VIDEO#intro-to-events', sk: 'METADATA' },
      set: { outputKey: 'o.mp4', captionsKey: 'c.vtt', status: 'ready', correlationId: CORRELATION },
      condition: { kind: 'attributesEqual', attributes: { status: 'transcoding' } },
    });
  });

  it('records a failure with its reason, truncated to what VideoProcessingFailed carries', () => {
    const write = failureUpdate(video('transcribing'), 'transcribing', 'x'.repeat(5000));
    expect(write).toMatchObject({
      set: { status: 'failed', correlationId: CORRELATION },
      condition: { kind: 'attributesEqual', attributes: { status: 'transcribing' } },
    });
    const reason = write.kind === 'update' ? String(write.set.failureReason) : '';
    expect(reason).toHaveLength(MAX_FAILURE_REASON_LENGTH);
    expect(reason.endsWith('…')).toBe(true);
  });
});
