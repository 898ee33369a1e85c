/** One subtitle cue. */
export interface Cue {
  readonly startMs: number;
  readonly endMs: number;
  readonly text: string;
}

/** Shown as the transcript when there is no sidecar `.txt`: nothing here recognises speech. */
export const PLACEHOLDER_TRANSCRIPT =
  '[Placeholder captions from the local Transcribe stand-in: no transcript file was found next to the upload. ' +
  'Put the spoken text in uploads/<courseId>/<videoId>.txt to caption this video locally.]';

// Readability norms for subtitles: at most two lines of about 42 characters, read at about 2.5 words per
// second, on screen for at least a second and a half.
const MAX_CUE_CHARACTERS = 84;
const WORDS_PER_SECOND = 2.5;
const MIN_CUE_MS = 1500;

/**
 * Splits a transcript into timed cues, paced at a natural reading speed (the stand-in has no speech timing).
 * A cue ends at a sentence end once it holds a few words, or when it would grow past two lines.
 */
export function buildCues(transcript: string): Cue[] {
  const words = transcript.split(/\s+/).filter((word) => word.length > 0);
  const groups: string[][] = [];
  let current: string[] = [];
  for (const word of words) {
    const candidate = [...current, word].join(' ');
    if (current.length > 0 && candidate.length > MAX_CUE_CHARACTERS) {
      groups.push(current);
      current = [];
    }
    current.push(word);
    if (/[.!?]["')\]]?$/.test(word) && current.length >= 4) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length > 0) groups.push(current);

  const cues: Cue[] = [];
  let startMs = 0;
  for (const group of groups) {
    const durationMs = Math.max(MIN_CUE_MS, Math.round((group.length / WORDS_PER_SECOND) * 1000));
    cues.push({ startMs, endMs: startMs + durationMs, text: wrapLines(group.join(' ')) });
    startMs += durationMs;
  }
  return cues;
}

// Breaks a cue into two balanced lines when it is longer than one.
function wrapLines(text: string): string {
  if (text.length <= MAX_CUE_CHARACTERS / 2) return text;
  const middle = Math.floor(text.length / 2);
  const before = text.lastIndexOf(' ', middle);
  const after = text.indexOf(' ', middle);
  const split =
    before === -1 ? after : after === -1 ? before : middle - before <= after - middle ? before : after;
  return split === -1 ? text : `${text.slice(0, split)}\n${text.slice(split + 1)}`;
}

function timestamp(ms: number, separator: '.' | ','): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  const millis = ms % 1000;
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(millis, 3)}`;
}

/** WebVTT, as Transcribe writes it (cues numbered from 1). */
export function toWebVtt(cues: readonly Cue[]): string {
  const blocks = cues.map(
    (cue, index) =>
      `${index + 1}\n${timestamp(cue.startMs, '.')} --> ${timestamp(cue.endMs, '.')}\n${cue.text}\n`,
  );
  return ['WEBVTT\n', ...blocks].join('\n');
}

/** SubRip (SRT), cues numbered from 1. */
export function toSrt(cues: readonly Cue[]): string {
  return cues
    .map(
      (cue, index) =>
        `${index + 1}\n${timestamp(cue.startMs, ',')} --> ${timestamp(cue.endMs, ',')}\n${cue.text}\n`,
    )
    .join('\n');
}
