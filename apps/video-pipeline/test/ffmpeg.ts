import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { detectFfmpeg, runFfmpeg } from '../src/adapters/ffmpeg';

const run = promisify(execFile);

/**
 * An ffmpeg for tests: the machine's if installed, else the static build shipped in the
 * `@ffmpeg-installer/ffmpeg` dev dependency, so the muxing tests run on every machine.
 */
export async function testFfmpeg(): Promise<string> {
  const installed = await detectFfmpeg('ffmpeg');
  if (installed) return installed;
  const { path } = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
  return path;
}

/** Writes a one-second 160x120 H.264/AAC test clip (colour bars and a tone) to `file`. */
export async function makeTestClip(ffmpeg: string, file: string): Promise<void> {
  await runFfmpeg(ffmpeg, [
    ...['-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=10'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'],
    ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file],
  ]);
}

/** The stream lines ffmpeg prints for a media file (`Stream #0:2(eng): Subtitle: mov_text ...`). */
export async function describeStreams(ffmpeg: string, file: string): Promise<string[]> {
  // `ffmpeg -i <file>` with no output prints the streams and exits with an error by design.
  const result = await run(ffmpeg, ['-hide_banner', '-i', file]).catch((error: { stderr?: string }) => error);
  const stderr = (result as { stderr?: string }).stderr ?? '';
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('Stream #'));
}
