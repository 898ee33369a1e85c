import { InvalidUploadKeyError, NotAnUploadError } from './errors';

/**
 * Object layout of the uploads bucket (the only place the pipeline reads from or writes to):
 *
 * - `uploads/<courseId>/<videoId>.<mp4|mov|mkv>` — a lecture video; only these start the pipeline.
 * - `uploads/<courseId>/<videoId>.txt` — optional transcript used by the local Transcribe stand-in.
 * - `processed/<courseId>/<videoId>/transcript/sfe-<videoId>.{json,vtt,srt}` — Transcribe's output.
 * - `processed/<courseId>/<videoId>/<videoId>-captioned.mp4` — the playable H.264/AAC video, captions burnt in.
 * - `processed/<courseId>/<videoId>/<videoId>-captions.vtt` — the sidecar WebVTT captions.
 *
 * Outputs never go under `uploads/`, so no output can trigger the pipeline again.
 */
export const UPLOADS_PREFIX = 'uploads/';
export const PROCESSED_PREFIX = 'processed/';

/**
 * Upload suffixes that start the pipeline, lower case only: EventBridge's `wildcard` matching is
 * case-sensitive and rejects a rule with six wildcards on one field as too complex, so `.MP4` uploads are not
 * routed (the uploader normalises the extension).
 */
export const VIDEO_EXTENSIONS = ['mp4', 'mov', 'mkv'] as const;
export type VideoExtension = (typeof VIDEO_EXTENSIONS)[number];

// Ids become S3 key segments, Transcribe job names (`[0-9a-zA-Z._-]`) and MediaConvert metadata: keep them
// to letters, digits, `_` and `-` so the same id is valid everywhere without encoding.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const UPLOAD_KEY_PATTERN = /^uploads\/([^/]+)\/([^/]+)\.(mp4|mov|mkv)$/;

/** A lecture video uploaded under the key convention. */
export interface UploadedVideo {
  readonly courseId: string;
  readonly videoId: string;
  readonly extension: VideoExtension;
  /** The upload's key, `uploads/<courseId>/<videoId>.<ext>`. */
  readonly key: string;
}

/** True when `value` can be used as a course or video id. */
export function isValidId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/**
 * Reads the course and video ids from an uploaded object's key, refusing anything that is not an upload.
 * @example parseUploadKey('uploads/course-101/intro-to-events.mp4') // { courseId: 'course-101', videoId: 'intro-to-events', ... }
 */
export function parseUploadKey(key: string): UploadedVideo {
  if (!key.startsWith(UPLOADS_PREFIX)) {
    const what = key.startsWith(PROCESSED_PREFIX) ? 'a pipeline output' : 'outside uploads/';
    throw new NotAnUploadError(
      `refusing "${key}": it is ${what}; only ${UPLOADS_PREFIX} objects start the pipeline`,
    );
  }
  const match = UPLOAD_KEY_PATTERN.exec(key);
  if (!match) {
    throw new InvalidUploadKeyError(
      `upload key "${key}" does not follow uploads/<courseId>/<videoId>.<${VIDEO_EXTENSIONS.join('|')}>`,
    );
  }
  const [, courseId = '', videoId = '', extension = ''] = match;
  for (const [name, value] of [
    ['courseId', courseId],
    ['videoId', videoId],
  ] as const) {
    if (!isValidId(value)) {
      throw new InvalidUploadKeyError(
        `upload key "${key}": ${name} "${value}" must be 1-128 letters, digits, "_" or "-", starting with a letter or digit`,
      );
    }
  }
  return { courseId, videoId, extension: extension as VideoExtension, key };
}

/** Where a video's outputs go: `processed/<courseId>/<videoId>/`. */
export function processedFolder(courseId: string, videoId: string): string {
  return `${PROCESSED_PREFIX}${courseId}/${videoId}/`;
}

/** Transcribe's output folder for a video (Transcribe names its files after the job). */
export function transcriptFolder(courseId: string, videoId: string): string {
  return `${processedFolder(courseId, videoId)}transcript/`;
}

/** The files Transcribe writes for a job into `transcriptFolder` (transcript, WebVTT and SRT subtitles). */
export function transcriptKeys(
  courseId: string,
  videoId: string,
  jobName: string,
): { readonly json: string; readonly vtt: string; readonly srt: string } {
  const base = `${transcriptFolder(courseId, videoId)}${jobName}`;
  return { json: `${base}.json`, vtt: `${base}.vtt`, srt: `${base}.srt` };
}

/** Name modifiers MediaConvert appends to the output base name. */
export const CAPTIONED_VIDEO_MODIFIER = '-captioned';
export const SIDECAR_CAPTIONS_MODIFIER = '-captions';

/** The transcoder's outputs for a video: the base name it is given and the two files it writes. */
export function transcodeOutputKeys(
  courseId: string,
  videoId: string,
): { readonly base: string; readonly video: string; readonly captions: string } {
  const base = `${processedFolder(courseId, videoId)}${videoId}`;
  return {
    base,
    video: `${base}${CAPTIONED_VIDEO_MODIFIER}.mp4`,
    captions: `${base}${SIDECAR_CAPTIONS_MODIFIER}.vtt`,
  };
}

/** The optional transcript next to an upload (`uploads/c/v.mp4` → `uploads/c/v.txt`). */
export function sidecarTranscriptKey(upload: UploadedVideo): string {
  return upload.key.replace(/\.[^.]+$/, '.txt');
}

/** `s3://bucket/key` */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** Splits `s3://bucket/key`; undefined for anything else. */
export function parseS3Uri(uri: string): { readonly bucket: string; readonly key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? { bucket: match[1] ?? '', key: match[2] ?? '' } : undefined;
}
