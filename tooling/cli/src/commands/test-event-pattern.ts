import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  compilePattern,
  EventPatternsError,
  InvalidEventPatternError,
  isJsonObject,
  type JsonValue,
  parseJson,
} from '@sfe/event-patterns';
import { defineCommand, UsageError } from '../command';

type Mode =
  | { readonly jsonl: true }
  | { readonly jsonl: false; readonly pattern: string; readonly event: string };

/** Either both of --event-pattern and --event, or --jsonl alone. */
function modeOf(pattern: string | undefined, event: string | undefined, jsonl: boolean): Mode {
  if (jsonl) {
    if (pattern !== undefined || event !== undefined) {
      throw new UsageError(
        '--jsonl reads patterns and events from stdin; do not combine it with --event-pattern/--event',
      );
    }
    return { jsonl };
  }
  if (pattern === undefined || event === undefined) {
    throw new UsageError('--event-pattern and --event are both required (or --jsonl)');
  }
  return { jsonl, pattern, event };
}

/** Like the AWS CLI, `file://path` reads the parameter from a file (relative to where the command was run). */
async function parameter(value: string, cwd: string): Promise<string> {
  return value.startsWith('file://') ? readFile(resolve(cwd, value.slice('file://'.length)), 'utf8') : value;
}

/** The answer for one pattern and one event, or throws with the reason. */
function test(pattern: unknown, event: unknown): boolean {
  const matcher = compilePattern(pattern);
  let parsed = event;
  if (typeof event === 'string') {
    try {
      parsed = parseJson(event);
    } catch (error) {
      throw new EventPatternsError(`Event is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isJsonObject(parsed)) throw new EventPatternsError('Event is not a JSON object');
  return matcher.matches(parsed);
}

/** One `--jsonl` line: `{"pattern": ..., "event": ...}` where either may be a JSON value or JSON text. */
function testLine(line: string): string {
  try {
    let input: JsonValue;
    try {
      input = parseJson(line);
    } catch (error) {
      throw new EventPatternsError(`line is not JSON: ${(error as Error).message}`);
    }
    if (!isJsonObject(input) || input.pattern === undefined || input.event === undefined) {
      throw new EventPatternsError('expected {"pattern": ..., "event": ...}');
    }
    return `{"match": ${test(input.pattern, input.event)}}`;
  } catch (error) {
    if (!(error instanceof EventPatternsError)) throw error;
    return `{"error": ${JSON.stringify(error.message)}}`;
  }
}

/**
 * `pnpm sfe test-event-pattern`: EventBridge's TestEventPattern, run locally with our engine (same answers,
 * same error reasons). Patterns and events given as text are parsed as EventBridge parses them: numbers keep
 * their spelling, and a repeated key keeps its last value.
 */
export const testEventPatternCommand = defineCommand({
  path: ['test-event-pattern'],
  summary:
    'Tests an event against an EventBridge event pattern like `aws events test-event-pattern` (--jsonl: one test per stdin line).',
  description:
    'Prints {"Result": true|false}, or exits 1 with InvalidEventPatternException as AWS would. A value may be\n' +
    'file://<path> to read it from a file, as with the AWS CLI.',
  stdin: '[< cases.jsonl]',
  options: {
    'event-pattern': { type: 'string', value: '<json>', description: 'the event pattern' },
    event: { type: 'string', value: '<json>', description: 'the event (a complete EventBridge event)' },
    jsonl: {
      type: 'boolean',
      description: 'read {"pattern", "event"} lines from stdin; print {"match"} or {"error"} per line',
    },
  },
  examples: [
    `pnpm sfe test-event-pattern --event-pattern '{"source":["sfe"]}' --event file://event.json`,
    'pnpm sfe test-event-pattern --jsonl < cases.jsonl',
  ],
  async run({ options: { 'event-pattern': pattern, event, jsonl } }, io) {
    const mode = modeOf(pattern, event, jsonl);
    if (mode.jsonl) {
      const lines = (await io.readStdin()).split('\n').filter((line) => line.trim() !== '');
      for (const line of lines) io.stdout(`${testLine(line)}\n`);
      return 0;
    }
    const patternText = await parameter(mode.pattern, io.cwd);
    const eventText = await parameter(mode.event, io.cwd);
    try {
      io.stdout(`{"Result": ${test(patternText, eventText)}}\n`);
      return 0;
    } catch (error) {
      if (error instanceof InvalidEventPatternError) {
        io.stderr(`An error occurred (InvalidEventPatternException): ${error.message}\n`);
        return 1;
      }
      if (error instanceof EventPatternsError) {
        io.stderr(`An error occurred (InvalidEventException): ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
});
