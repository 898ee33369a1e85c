import { uuidFromName } from '@sfe/events';
import { describe, expect, it } from 'vitest';
import { buildMediaConvertJob, buildTranscodeRequest } from './transcode';

const ROLE = 'arn:aws:iam::111122223333:role/sfe-dev-video-pipeline-mediaconvert';

describe('buildTranscodeRequest', () => {
  it('reads Transcribe WebVTT and writes the MP4 and sidecar captions under processed/', () => {
    expect(
      buildTranscodeRequest({ videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mov' }, 'bucket'),
    ).toStrictEqual({
      videoId: 'v1',
      courseId: 'c1',
      bucket: 'bucket',
      sourceKey: 'uploads/c1/v1.mov',
      captionsSourceKey: 'processed/c1/v1/transcript/sfe-v1.vtt',
      outputBaseKey: 'processed/c1/v1/v1',
      outputVideoKey: 'processed/c1/v1/v1-captioned.mp4',
      outputCaptionsKey: 'processed/c1/v1/v1-captions.vtt',
    });
  });
});

describe('buildMediaConvertJob', () => {
  const request = buildTranscodeRequest(
    { videoId: 'v1', courseId: 'c1', sourceKey: 'uploads/c1/v1.mp4' },
    'bucket',
  );
  const job = buildMediaConvertJob(request, { roleArn: ROLE });

  it('runs as the given role, tags the job with our ids and makes retries idempotent', () => {
    expect(job.Role).toBe(ROLE);
    expect(job.UserMetadata).toStrictEqual({ videoId: 'v1', courseId: 'c1' });
    expect(job.ClientRequestToken).toBe(uuidFromName('mediaconvert:v1'));
    expect(job.ClientRequestToken.length).toBeLessThanOrEqual(64);
  });

  it('reads the upload with the Transcribe WebVTT as its caption source', () => {
    expect(job.Settings.Inputs).toStrictEqual([
      {
        FileInput: 's3://bucket/uploads/c1/v1.mp4',
        TimecodeSource: 'ZEROBASED',
        VideoSelector: {},
        AudioSelectors: { 'Audio Selector 1': { DefaultSelection: 'DEFAULT' } },
        CaptionSelectors: {
          'Captions Selector 1': {
            SourceSettings: {
              SourceType: 'WEBVTT',
              FileSourceSettings: { SourceFile: 's3://bucket/processed/c1/v1/transcript/sfe-v1.vtt' },
            },
          },
        },
      },
    ]);
  });

  it('writes one File group under processed/: H.264/AAC MP4 with burnt-in captions, and a sidecar WebVTT', () => {
    const [group] = job.Settings.OutputGroups;
    expect(group?.OutputGroupSettings).toStrictEqual({
      Type: 'FILE_GROUP_SETTINGS',
      FileGroupSettings: { Destination: 's3://bucket/processed/c1/v1/v1' },
    });
    const [video, captions] = group?.Outputs ?? [];
    expect(video?.NameModifier).toBe('-captioned');
    expect(video?.ContainerSettings.Container).toBe('MP4');
    expect(video?.VideoDescription?.CodecSettings.Codec).toBe('H_264');
    expect(video?.AudioDescriptions?.[0]?.CodecSettings.Codec).toBe('AAC');
    expect(video?.CaptionDescriptions[0]?.DestinationSettings.DestinationType).toBe('BURN_IN');
    expect(captions).toStrictEqual({
      NameModifier: '-captions',
      Extension: 'vtt',
      ContainerSettings: { Container: 'RAW' },
      CaptionDescriptions: [
        { CaptionSelectorName: 'Captions Selector 1', DestinationSettings: { DestinationType: 'WEBVTT' } },
      ],
    });
  });
});
