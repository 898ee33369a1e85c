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
import { type Command, UsageError } from '../command';

const USAGE =
  "test-event-pattern --event-pattern '<json>' --event '<json>' | test-event-pattern --jsonl < cases.jsonl";

interface Options {
  readonly pattern?: string;
  readonly event?: string;
  readonly jsonl: boolean;
}

function parseArgs(args: readonly string[]): Options {
  let pattern: string | undefined;
  let event: string | undefined;
  let jsonl = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--event-pattern') pattern = value();
    else if (flag === '--event') event = value();
    else if (flag === '--jsonl') jsonl = true;
    else throw new UsageError(`unknown argument "${arg}"`);
  }
  if (jsonl && (pattern !== undefined || event !== undefined)) {
    throw new UsageError(
      '--jsonl reads patterns and events from stdin; do not combine it with --event-pattern/--event',
    );
  }
  if (!jsonl && (pattern === undefined || event === undefined)) {
    throw new UsageError('--event-pattern and --event are both required');
  }
  return { pattern, event, jsonl };
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
export const testEventPatternCommand: Command = {
  path: ['test-event-pattern'],
  usage: USAGE,
  summary:
    'Tests an event against an EventBridge event pattern like `aws events test-event-pattern` (--jsonl: one test per stdin line).',
  async run(args, io) {
    const options = parseArgs(args);
    if (options.jsonl) {
      const lines = (await io.readStdin()).split('\n').filter((line) => line.trim() !== '');
      for (const line of lines) io.stdout(`${testLine(line)}\n`);
      return 0;
    }
    const pattern = await parameter(options.pattern as string, io.cwd);
    const event = await parameter(options.event as string, io.cwd);
    try {
      io.stdout(`{"Result": ${test(pattern, event)}}\n`);
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
};
