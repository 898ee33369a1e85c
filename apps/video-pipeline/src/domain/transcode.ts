import { uuidFromName } from '@sfe/events';
import { transcriptionJobName } from './job-names';
import {
  CAPTIONED_VIDEO_MODIFIER,
  SIDECAR_CAPTIONS_MODIFIER,
  s3Uri,
  transcodeOutputKeys,
  transcriptKeys,
} from './object-keys';

/** Everything needed to transcode one transcribed upload, independent of who runs it. */
export interface TranscodeRequest {
  readonly videoId: string;
  readonly courseId: string;
  readonly bucket: string;
  readonly sourceKey: string;
  /** Transcribe's WebVTT output, the caption source. */
  readonly captionsSourceKey: string;
  /** Base of the output names (`processed/<c>/<v>/<v>`); MediaConvert appends modifier and extension. */
  readonly outputBaseKey: string;
  /** The captioned MP4 the job writes. */
  readonly outputVideoKey: string;
  /** The sidecar WebVTT the job writes. */
  readonly outputCaptionsKey: string;
}

export interface TranscodeTarget {
  readonly videoId: string;
  readonly courseId: string;
  readonly sourceKey: string;
}

export function buildTranscodeRequest(video: TranscodeTarget, bucket: string): TranscodeRequest {
  const outputs = transcodeOutputKeys(video.courseId, video.videoId);
  return {
    videoId: video.videoId,
    courseId: video.courseId,
    bucket,
    sourceKey: video.sourceKey,
    captionsSourceKey: transcriptKeys(video.courseId, video.videoId, transcriptionJobName(video.videoId)).vtt,
    outputBaseKey: outputs.base,
    outputVideoKey: outputs.video,
    outputCaptionsKey: outputs.captions,
  };
}

const CAPTIONS_SELECTOR = 'Captions Selector 1';
const AUDIO_SELECTOR = 'Audio Selector 1';

/**
 * The MediaConvert `CreateJob` request for a transcode: one input (the upload, with Transcribe's WebVTT as a
 * sidecar caption source) and one File output group writing under `processed/`:
 *
 * - an MP4 (H.264 QVBR + AAC stereo, moov atom first for progressive playback) with the captions burnt in:
 *   MediaConvert cannot embed (CEA-608) captions into MP4 from a WebVTT/SRT sidecar source, only burn them in
 *   (User Guide, "Sidecar captions supported in MP4 output container");
 * - the sidecar WebVTT (RAW container), for players that render captions themselves.
 *
 * `UserMetadata` carries the ids back in the job's state-change events; the `ClientRequestToken` makes a
 * retried `CreateJob` within MediaConvert's idempotency window return the first job instead of a second one.
 * Plain data, shaped like the SDK's `CreateJobCommandInput` (the AWS adapter checks it against that type).
 */
export function buildMediaConvertJob(request: TranscodeRequest, options: { readonly roleArn: string }) {
  return {
    Role: options.roleArn,
    ClientRequestToken: uuidFromName(`mediaconvert:${request.videoId}`),
    UserMetadata: { videoId: request.videoId, courseId: request.courseId },
    Settings: {
      TimecodeConfig: { Source: 'ZEROBASED' as const },
      Inputs: [
        {
          FileInput: s3Uri(request.bucket, request.sourceKey),
          TimecodeSource: 'ZEROBASED' as const,
          VideoSelector: {},
          AudioSelectors: { [AUDIO_SELECTOR]: { DefaultSelection: 'DEFAULT' as const } },
          CaptionSelectors: {
            [CAPTIONS_SELECTOR]: {
              SourceSettings: {
                SourceType: 'WEBVTT' as const,
                FileSourceSettings: { SourceFile: s3Uri(request.bucket, request.captionsSourceKey) },
              },
            },
          },
        },
      ],
      OutputGroups: [
        {
          Name: 'File Group',
          OutputGroupSettings: {
            Type: 'FILE_GROUP_SETTINGS' as const,
            FileGroupSettings: { Destination: s3Uri(request.bucket, request.outputBaseKey) },
          },
          Outputs: [
            {
              NameModifier: CAPTIONED_VIDEO_MODIFIER,
              Extension: 'mp4',
              ContainerSettings: {
                Container: 'MP4' as const,
                Mp4Settings: { MoovPlacement: 'PROGRESSIVE_DOWNLOAD' as const },
              },
              VideoDescription: {
                CodecSettings: {
                  Codec: 'H_264' as const,
                  H264Settings: {
                    RateControlMode: 'QVBR' as const,
                    QvbrSettings: { QvbrQualityLevel: 7 },
                    MaxBitrate: 5_000_000,
                    SceneChangeDetect: 'TRANSITION_DETECTION' as const,
                  },
                },
              },
              AudioDescriptions: [
                {
                  AudioSourceName: AUDIO_SELECTOR,
                  CodecSettings: {
                    Codec: 'AAC' as const,
                    AacSettings: {
                      Bitrate: 128_000,
                      CodingMode: 'CODING_MODE_2_0' as const,
                      SampleRate: 48_000,
                    },
                  },
                },
              ],
              CaptionDescriptions: [
                {
                  CaptionSelectorName: CAPTIONS_SELECTOR,
                  DestinationSettings: {
                    DestinationType: 'BURN_IN' as const,
                    BurninDestinationSettings: {
                      FontColor: 'WHITE' as const,
                      OutlineColor: 'BLACK' as const,
                      OutlineSize: 2,
                      BackgroundColor: 'NONE' as const,
                      TeletextSpacing: 'PROPORTIONAL' as const,
                    },
                  },
                },
              ],
            },
            {
              NameModifier: SIDECAR_CAPTIONS_MODIFIER,
              Extension: 'vtt',
              ContainerSettings: { Container: 'RAW' as const },
              CaptionDescriptions: [
                {
                  CaptionSelectorName: CAPTIONS_SELECTOR,
                  DestinationSettings: { DestinationType: 'WEBVTT' as const },
                },
              ],
            },
          ],
        },
      ],
    },
  };
}
