import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Thrown when ffmpeg exits with an error; carries the end of its stderr, which says why. */
export class FfmpegError extends Error {
  override name = 'FfmpegError';
}

/**
 * The ffmpeg executable to use: `candidate` (a path or a name on PATH) when running it works, otherwise
 * undefined (ffmpeg is optional locally).
 */
export async function detectFfmpeg(candidate = 'ffmpeg'): Promise<string | undefined> {
  try {
    await run(candidate, ['-hide_banner', '-version'], { timeout: 10_000 });
    return candidate;
  } catch {
    return undefined;
  }
}

/** Runs ffmpeg with `args`, rejecting with the tail of its stderr when it fails. */
export async function runFfmpeg(ffmpegPath: string, args: readonly string[]): Promise<void> {
  try {
    await run(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? '';
    const message = stderr.length > 0 ? stderr.split('\n').slice(-5).join('\n') : String(error);
    throw new FfmpegError(`ffmpeg failed: ${message}`);
  }
}

/**
 * The arguments that transcode a video to a web MP4 (H.264 + AAC stereo, moov first) and mux the WebVTT
 * captions in as a soft subtitle track (`mov_text`, the MP4 subtitle codec players understand).
 */
export function muxCaptionsArgs(input: string, captions: string, output: string, language = 'eng'): string[] {
  return [
    ...['-i', input, '-i', captions],
    ...['-map', '0:v:0', '-map', '0:a:0?', '-map', '1:0'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '128k', '-ac', '2'],
    ...['-c:s', 'mov_text', '-metadata:s:s:0', `language=${language}`],
    ...['-movflags', '+faststart'],
    output,
  ];
}
