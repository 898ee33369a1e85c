import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBucket, type TestBucket } from '../../test/local-bucket';
import type { AwsServiceEvent } from '../aws-events';
import { TranscribeJobStateChangeEventSchema } from '../aws-events';
import { buildTranscriptionRequest } from '../domain/transcription';
import { localAwsEnvironment } from './local-aws-events';
import { PLACEHOLDER_TRANSCRIPT } from './local-captions';
import { createLocalTranscriber } from './local-transcriber';

const request = (bucket: string) =>
  buildTranscriptionRequest(
    { videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mp4' },
    { bucket, languageCode: 'en-US' },
  );

describe('createLocalTranscriber', () => {
  let test: TestBucket;
  let events: AwsServiceEvent[];
  let report: string[];

  beforeEach(async () => {
    test = await createTestBucket();
    events = [];
    report = [];
  });
  afterEach(() => test.remove());

  function transcriber() {
    return createLocalTranscriber({
      bucket: test.bucket,
      putAwsEvent: (event) => {
        events.push(event);
      },
      environment: localAwsEnvironment({ now: () => new Date('2026-11-23T10:20:00Z') }),
      report: (line) => report.push(line),
    });
  }

  it('captions from the sidecar .txt, writes JSON, WebVTT and SRT where Transcribe would, then emits COMPLETED', async () => {
    await test.bucket.put('uploads/c1/v1.mp4', new Uint8Array([0, 0, 0, 24]), 'video/mp4');
    await test.bucket.put(
      'uploads/c1/v1.txt',
      'Hello and welcome, everyone. This lecture is about events.',
      'text/plain',
    );
    const local = transcriber();

    expect(await local.start(request(test.bucket.bucket))).toBe('started');
    expect(events).toStrictEqual([]); // like Transcribe, the job finishes after the call returns
    await local.settled();

    expect(test.puts.slice(2)).toStrictEqual([
      'processed/c1/v1/transcript/sfe-v1.json',
      'processed/c1/v1/transcript/sfe-v1.vtt',
      'processed/c1/v1/transcript/sfe-v1.srt',
    ]);
    const vtt = Buffer.from(
      (await test.bucket.get('processed/c1/v1/transcript/sfe-v1.vtt')) ?? [],
    ).toString();
    expect(vtt).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.600\nHello and welcome, everyone.\n\n2\n00:00:01.600 --> 00:00:03.600\nThis lecture is about events.\n',
    );
    const srt = Buffer.from(
      (await test.bucket.get('processed/c1/v1/transcript/sfe-v1.srt')) ?? [],
    ).toString();
    expect(srt.startsWith('1\n00:00:00,000 --> 00:00:01,600\nHello and welcome, everyone.\n')).toBe(true);
    expect(events).toHaveLength(1);
    const event = TranscribeJobStateChangeEventSchema.parse(events[0]);
    expect(event.detail).toStrictEqual({
      TranscriptionJobName: 'sfe-v1',
      TranscriptionJobStatus: 'COMPLETED',
    });
    expect(event.time).toBe('2026-11-23T10:20:00Z');
  });

  it('writes clearly marked placeholder captions when there is no transcript file', async () => {
    await test.bucket.put('uploads/c1/v1.mp4', new Uint8Array([1]), 'video/mp4');
    const local = transcriber();
    await local.start(request(test.bucket.bucket));
    await local.settled();

    const json = JSON.parse(
      Buffer.from((await test.bucket.get('processed/c1/v1/transcript/sfe-v1.json')) ?? []).toString(),
    );
    expect(json.results.transcripts).toStrictEqual([{ transcript: PLACEHOLDER_TRANSCRIPT }]);
    const vtt = Buffer.from(
      (await test.bucket.get('processed/c1/v1/transcript/sfe-v1.vtt')) ?? [],
    ).toString();
    expect(vtt).toContain('[Placeholder captions from the local\nTranscribe stand-in');
    expect(report).toStrictEqual([
      'local Transcribe sfe-v1: 4 caption cues from a placeholder (no transcript file) → processed/c1/v1/transcript/sfe-v1.vtt, .srt',
    ]);
  });

  it('refuses a second job with the same name, as Transcribe does, even after a restart', async () => {
    await test.bucket.put('uploads/c1/v1.mp4', new Uint8Array([1]), 'video/mp4');
    const first = transcriber();
    await first.start(request(test.bucket.bucket));
    expect(await first.start(request(test.bucket.bucket))).toBe('already-started');
    await first.settled();
    expect(await transcriber().start(request(test.bucket.bucket))).toBe('already-started');
    expect(events).toHaveLength(1);
  });

  it('emits FAILED with a reason when the media file is missing', async () => {
    const local = transcriber();
    await local.start(request(test.bucket.bucket));
    await local.settled();
    expect(events.map((event) => event.detail)).toStrictEqual([
      {
        TranscriptionJobName: 'sfe-v1',
        TranscriptionJobStatus: 'FAILED',
        FailureReason: `The media file s3://${test.bucket.bucket}/uploads/c1/v1.mp4 can't be accessed.`,
      },
    ]);
  });

  it('refuses requests for another bucket', async () => {
    await expect(transcriber().start(request('someone-elses-bucket'))).rejects.toThrow(
      'local Transcribe serves bucket "sfe-dev-video-uploads", not "someone-elses-bucket"',
    );
  });
});
