import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { uuidFromName } from '@sfe/events';
import { keys } from '@sfe/records';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStreams, makeTestClip, testFfmpeg } from '../test/ffmpeg';
import { createTestRuntime } from '../test/local-runtime';

type Runtime = Awaited<ReturnType<typeof createTestRuntime>>;

const TRANSCRIPT = 'Welcome to the course on events. Today we follow one upload through the whole pipeline.';
const FOLDER = 'processed/course-101/intro-to-events';

describe('the pipeline on one machine (local stand-ins, local bucket, in-memory table)', () => {
  let runtime: Runtime | undefined;
  afterEach(() => runtime?.remove());

  const onDisk = (key: string) => join(runtime?.bucketDirectory('video-uploads') ?? '', key);
  const statuses = () => (runtime?.table.changes ?? []).map((change) => change.newImage?.status);

  it('takes an upload with a transcript to a ready, captioned video: files on disk, four statuses', async () => {
    const ffmpeg = await testFfmpeg();
    runtime = await createTestRuntime({ FFMPEG_PATH: ffmpeg });
    const clip = join(runtime.rootDirectory, 'clip.mp4');
    await makeTestClip(ffmpeg, clip);
    await runtime.uploads.put('uploads/course-101/intro-to-events.txt', TRANSCRIPT, 'text/plain');
    await runtime.uploads.put('uploads/course-101/intro-to-events.mp4', await readFile(clip), 'video/mp4');

    await runtime.drain();

    expect(statuses()).toStrictEqual(['uploaded', 'transcribing', 'transcoding', 'ready']);
    expect(await runtime.table.get(keys.video('intro-to-events'))).toStrictEqual({
      ...keys.video('intro-to-events'),
      entityType: 'VIDEO',
      videoId: 'intro-to-events',
      courseId: 'course-101',
      title: 'Intro to events',
      status: 'ready',
      sourceKey: 'uploads/course-101/intro-to-events.mp4',
      outputKey: `${FOLDER}/intro-to-events-captioned.mp4`,
      captionsKey: `${FOLDER}/intro-to-events-captions.vtt`,
      correlationId: uuidFromName('video:intro-to-events'),
    });
    expect(runtime.deliveries).toStrictEqual([
      { subscriptionId: 'video-uploaded', source: 'aws.s3', detailType: 'Object Created', failed: false },
      {
        subscriptionId: 'transcription-finished',
        source: 'aws.transcribe',
        detailType: 'Transcribe Job State Change',
        failed: false,
      },
      {
        subscriptionId: 'transcode-finished',
        source: 'aws.mediaconvert',
        detailType: 'MediaConvert Job State Change',
        failed: false,
      },
    ]);
    // Every output landed in the same bucket and raised Object Created, and none was routed (no loop).
    expect(
      runtime.unrouted.map((event) => (event.detail as { object: { key: string } }).object.key),
    ).toStrictEqual([
      'uploads/course-101/intro-to-events.txt',
      `${FOLDER}/transcript/sfe-intro-to-events.json`,
      `${FOLDER}/transcript/sfe-intro-to-events.vtt`,
      `${FOLDER}/transcript/sfe-intro-to-events.srt`,
      `${FOLDER}/intro-to-events-captioned.mp4`,
      `${FOLDER}/intro-to-events-captions.vtt`,
    ]);

    const captions = await readFile(onDisk(`${FOLDER}/intro-to-events-captions.vtt`), 'utf8');
    expect(captions).toContain('Welcome to the course on events.');
    expect(await readFile(onDisk(`${FOLDER}/transcript/sfe-intro-to-events.srt`), 'utf8')).toContain(
      '00:00:00,000 --> 00:00:02,400\nWelcome to the course on events.',
    );
    const streams = await describeStreams(ffmpeg, onDisk(`${FOLDER}/intro-to-events-captioned.mp4`));
    expect(streams.some((line) => / Video: h264 /.test(line))).toBe(true);
    expect(streams.some((line) => /Subtitle: mov_text/.test(line))).toBe(true);
  }, 60_000);

  it('without ffmpeg still reaches ready, copying the upload and saying so', async () => {
    runtime = await createTestRuntime({ FFMPEG_PATH: 'none' });
    await runtime.uploads.put(
      'uploads/course-101/intro-to-events.mp4',
      new Uint8Array([0, 1, 2, 3]),
      'video/mp4',
    );

    await runtime.drain();

    expect(statuses()).toStrictEqual(['uploaded', 'transcribing', 'transcoding', 'ready']);
    expect(await readFile(onDisk(`${FOLDER}/intro-to-events-captioned.mp4`))).toStrictEqual(
      Buffer.from([0, 1, 2, 3]),
    );
    expect(await readFile(onDisk(`${FOLDER}/intro-to-events-captions.vtt`), 'utf8')).toContain(
      '[Placeholder captions',
    );
    expect(runtime.report).toContain(
      'video-pipeline: ffmpeg not found; local transcodes copy uploads unchanged (apt-get install ffmpeg)',
    );
    expect(runtime.report.some((line) => line.includes('was COPIED unchanged'))).toBe(true);
  });

  it('ends failed with ffmpeg reason when the upload is not a playable video', async () => {
    runtime = await createTestRuntime({ FFMPEG_PATH: await testFfmpeg() });
    await runtime.uploads.put(
      'uploads/course-101/intro-to-events.mov',
      'not a video at all',
      'video/quicktime',
    );

    await runtime.drain();

    expect(statuses()).toStrictEqual(['uploaded', 'transcribing', 'transcoding', 'failed']);
    const video = await runtime.table.get(keys.video('intro-to-events'));
    expect(String(video?.failureReason)).toMatch(
      /^Transcode job \d+-[0-9a-f]{6} failed \(error 1010\): ffmpeg failed: /,
    );
    await expect(stat(onDisk(`${FOLDER}/intro-to-events-captioned.mp4`))).rejects.toThrow('ENOENT');
  }, 60_000);

  it('does not start a second job when the same upload is stored twice', async () => {
    runtime = await createTestRuntime({ FFMPEG_PATH: 'none' });
    await runtime.uploads.put('uploads/course-101/intro-to-events.mp4', new Uint8Array([1]), 'video/mp4');
    await runtime.drain();
    await runtime.uploads.put('uploads/course-101/intro-to-events.mp4', new Uint8Array([1]), 'video/mp4');
    await runtime.drain();

    expect(statuses()).toStrictEqual(['uploaded', 'transcribing', 'transcoding', 'ready']);
    expect(runtime.deliveries.map((delivery) => delivery.subscriptionId)).toStrictEqual([
      'video-uploaded',
      'transcription-finished',
      'transcode-finished',
      'video-uploaded',
    ]);
  });
});
