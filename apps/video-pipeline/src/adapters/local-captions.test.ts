import { describe, expect, it } from 'vitest';
import { buildCues, toSrt, toWebVtt } from './local-captions';

describe('buildCues', () => {
  it('ends a cue at a sentence end and paces cues at reading speed, back to back', () => {
    expect(buildCues('Welcome to the course on events. Today we look at choreography.')).toStrictEqual([
      { startMs: 0, endMs: 2400, text: 'Welcome to the course on events.' },
      { startMs: 2400, endMs: 4400, text: 'Today we look at choreography.' },
    ]);
  });

  it('keeps cues within two lines of about 42 characters', () => {
    const text = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    const cues = buildCues(text);
    expect(cues.length).toBeGreaterThan(3);
    for (const cue of cues) {
      const lines = cue.text.split('\n');
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(cue.text.replace('\n', ' ').length).toBeLessThanOrEqual(84);
    }
    expect(cues.map((cue) => cue.text.replace('\n', ' ')).join(' ')).toBe(text);
  });

  it('gives no cues for an empty transcript', () => {
    expect(buildCues('  \n ')).toStrictEqual([]);
  });
});

describe('caption formats', () => {
  const cues = [
    { startMs: 0, endMs: 2400, text: 'Welcome.' },
    { startMs: 2400, endMs: 3_725_005, text: 'Line one\nline two' },
  ];

  it('writes WebVTT with a header and dot-separated milliseconds', () => {
    expect(toWebVtt(cues)).toBe(
      'WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.400\nWelcome.\n\n2\n00:00:02.400 --> 01:02:05.005\nLine one\nline two\n',
    );
  });

  it('writes SRT with comma-separated milliseconds', () => {
    expect(toSrt(cues)).toBe(
      '1\n00:00:00,000 --> 00:00:02,400\nWelcome.\n\n2\n00:00:02,400 --> 01:02:05,005\nLine one\nline two\n',
    );
  });
});
