import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStreams, makeTestClip, testFfmpeg } from '../../test/ffmpeg';
import { createTestBucket, type TestBucket } from '../../test/local-bucket';
import { type AwsServiceEvent, MediaConvertJobStateChangeEventSchema } from '../aws-events';
import { buildTranscodeRequest } from '../domain/transcode';
import { localAwsEnvironment } from './local-aws-events';
import { createLocalTranscoder } from './local-transcoder';

const VTT = 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:00.900\nHello from the captions.\n';

describe('createLocalTranscoder', () => {
  let test: TestBucket;
  let events: AwsServiceEvent[];
  let report: string[];

  beforeEach(async () => {
    test = await createTestBucket();
    events = [];
    report = [];
  });
  afterEach(() => test.remove());

  const request = () =>
    buildTranscodeRequest(
      { videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mp4' },
      test.bucket.bucket,
    );

  function transcoder(findFfmpeg: () => Promise<string | undefined>) {
    return createLocalTranscoder({
      bucket: test.bucket,
      putAwsEvent: (event) => {
        events.push(event);
      },
      environment: localAwsEnvironment({ now: () => new Date('2026-11-23T10:30:00Z') }),
      report: (line) => report.push(line),
      findFfmpeg,
    });
  }

  async function putInputs(video: Uint8Array) {
    await test.bucket.put('uploads/c1/v1.mp4', video, 'video/mp4');
    await test.bucket.put('processed/c1/v1/transcript/sfe-v1.vtt', VTT, 'text/vtt');
  }

  function completeDetail() {
    const [event] = events;
    return MediaConvertJobStateChangeEventSchema.parse(event).detail;
  }

  it('without ffmpeg copies the upload, writes the sidecar captions, says so and emits COMPLETE', async () => {
    await putInputs(new Uint8Array([9, 8, 7]));
    const local = transcoder(async () => undefined);
    const { jobId } = await local.createJob(request());
    await local.settled();

    expect(jobId).toMatch(/^1795429800000-[0-9a-f]{6}$/);
    expect(await test.bucket.get('processed/c1/v1/v1-captioned.mp4')).toStrictEqual(
      new Uint8Array([9, 8, 7]),
    );
    expect(Buffer.from((await test.bucket.get('processed/c1/v1/v1-captions.vtt')) ?? []).toString()).toBe(
      VTT,
    );
    expect(report).toStrictEqual([
      `local MediaConvert ${jobId}: ffmpeg not found, so uploads/c1/v1.mp4 was COPIED unchanged (not transcoded, no captions inside) → processed/c1/v1/v1-captioned.mp4; sidecar captions → processed/c1/v1/v1-captions.vtt`,
    ]);
    const bucket = test.bucket.bucket;
    expect(completeDetail()).toMatchObject({
      jobId,
      status: 'COMPLETE',
      userMetadata: { videoId: 'v1', courseId: 'c1' },
      outputGroupDetails: [
        {
          type: 'FILE_GROUP',
          outputDetails: [
            { outputFilePaths: [`s3://${bucket}/processed/c1/v1/v1-captioned.mp4`] },
            { outputFilePaths: [`s3://${bucket}/processed/c1/v1/v1-captions.vtt`] },
          ],
        },
      ],
    });
  });

  it('runs ffmpeg with the upload and the captions and stores what it produced', async () => {
    // A stand-in ffmpeg that records its arguments and writes a recognisable output file.
    const fake = join(test.rootDirectory, 'fake-ffmpeg');
    await writeFile(
      fake,
      `#!/usr/bin/env node\nconst fs = require('node:fs');\nconst args = process.argv.slice(2);\nfs.writeFileSync(${JSON.stringify(join(test.rootDirectory, 'args.json'))}, JSON.stringify(args));\nfs.writeFileSync(args[args.length - 1], 'muxed:' + fs.readFileSync(args[args.indexOf('-i', args.indexOf('-i') + 1) + 1], 'utf8'));\n`,
    );
    await chmod(fake, 0o755);
    await putInputs(new Uint8Array([1]));
    const local = transcoder(async () => fake);
    await local.createJob(request());
    await local.settled();

    const args: string[] = JSON.parse(await readFile(join(test.rootDirectory, 'args.json'), 'utf8'));
    expect(args.slice(0, 5)).toStrictEqual(['-hide_banner', '-loglevel', 'error', '-nostdin', '-y']);
    expect(args).toContain('mov_text');
    expect(args).toContain('libx264');
    expect(Buffer.from((await test.bucket.get('processed/c1/v1/v1-captioned.mp4')) ?? []).toString()).toBe(
      `muxed:${VTT}`,
    );
    expect(completeDetail().status).toBe('COMPLETE');
  });

  it('with real ffmpeg transcodes to H.264/AAC with the captions as a mov_text subtitle track', async () => {
    const ffmpeg = await testFfmpeg();
    const clip = join(test.rootDirectory, 'clip.mp4');
    await makeTestClip(ffmpeg, clip);
    await putInputs(new Uint8Array(await readFile(clip)));
    const local = transcoder(async () => ffmpeg);
    await local.createJob(request());
    await local.settled();

    expect(completeDetail().status).toBe('COMPLETE');
    const output = join(test.rootDirectory, test.bucket.bucket, 'processed/c1/v1/v1-captioned.mp4');
    const streams = await describeStreams(ffmpeg, output);
    expect(streams.some((line) => / Video: h264 /.test(line))).toBe(true);
    expect(streams.some((line) => / Audio: aac /.test(line))).toBe(true);
    expect(streams.some((line) => /\(eng\).*Subtitle: mov_text/.test(line))).toBe(true);
  }, 60_000);

  it('emits ERROR 1010 with ffmpeg reason when the upload is not a video', async () => {
    await putInputs(new TextEncoder().encode('this is not a video'));
    const local = transcoder(testFfmpeg);
    await local.createJob(request());
    await local.settled();

    const detail = completeDetail();
    expect(detail.status).toBe('ERROR');
    expect(detail.errorCode).toBe(1010);
    expect(detail.errorMessage).toMatch(/^ffmpeg failed: /);
  }, 60_000);

  it('emits ERROR 1404 when the caption source is missing', async () => {
    await test.bucket.put('uploads/c1/v1.mp4', new Uint8Array([1]), 'video/mp4');
    const local = transcoder(async () => undefined);
    await local.createJob(request());
    await local.settled();
    expect(completeDetail()).toMatchObject({
      status: 'ERROR',
      errorCode: 1404,
      errorMessage: `File Open Error: s3://${test.bucket.bucket}/processed/c1/v1/transcript/sfe-v1.vtt not found`,
    });
  });

  it('returns the first job for a repeated request, like a reused ClientRequestToken', async () => {
    await putInputs(new Uint8Array([1]));
    const local = transcoder(async () => undefined);
    const first = await local.createJob(request());
    const second = await local.createJob(request());
    await local.settled();
    expect(second).toStrictEqual(first);
    expect(events).toHaveLength(1);
  });
});
