import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compilePatternSource, wildcardComplexityOf } from './compile';
import { InvalidEventPatternError } from './errors';
import { parseJson } from './json';
import { compilePattern } from './matcher';

// The cases, where they come from and how they were labelled: test/conformance/README.md.
const conformance = resolve(import.meta.dirname, '../test/conformance');

interface Case {
  readonly id: string;
  readonly pattern: unknown;
  readonly event: unknown;
  readonly expected: 'match' | 'nomatch' | 'invalid';
  readonly aws_error?: string;
}

/** One case a line; a `.gz` file is gunzipped first. */
function readCases(file: string): Case[] {
  const data = readFileSync(resolve(conformance, file));
  return (file.endsWith('.gz') ? gunzipSync(data) : data)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Case);
}

/** Objects in the corpus are re-read with our parser, so numbers keep the spelling AWS received. */
function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

type Outcome = { result: 'match' | 'nomatch' } | { result: 'invalid'; error: InvalidEventPatternError };

function evaluate(c: Case): Outcome {
  // A string pattern in the AWS corpus is raw (possibly malformed) input; an object is the parsed pattern.
  const pattern = typeof c.pattern === 'string' ? c.pattern : parseJson(JSON.stringify(c.pattern));
  let matcher: ReturnType<typeof compilePattern>;
  try {
    matcher = compilePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) return { result: 'invalid', error };
    throw error;
  }
  return { result: matcher.matches(asText(c.event)) ? 'match' : 'nomatch' };
}

const awsCases = readCases('eventbridge-patterns.jsonl');
const referenceCases = readCases('reference-engine-5k.jsonl.gz');
const projectCases = readCases('project-cases.jsonl');

describe('AWS-verified and reference-engine cases (eventbridge-patterns.jsonl)', () => {
  it.each(awsCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const outcome = evaluate(c);
    expect(outcome.result).toBe(c.expected);
    if (c.aws_error !== undefined && outcome.result === 'invalid') {
      // The reason is AWS's, word for word.
      expect(`InvalidEventPatternException: ${outcome.error.message}`).toBe(c.aws_error);
    }
  });
});

describe('cases added by the project, not AWS-verified (project-cases.jsonl)', () => {
  it.each(projectCases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(evaluate(c).result).toBe(c.expected);
  });
});

/**
 * AWS rejects wildcard patterns above a complexity the reference library does not enforce; the AWS-verified
 * corpus wins on such cases (see test/conformance/README.md). The bar is the complexity of the pattern AWS rejected.
 */
const awsRejectedComplexity = Math.min(
  ...awsCases
    .filter((c) => c.expected === 'invalid' && c.aws_error?.includes('Rule is too complex'))
    .map((c) => wildcardComplexityOf(compileUnchecked(c.pattern))),
);

function compileUnchecked(pattern: unknown): Parameters<typeof wildcardComplexityOf>[0] {
  return compilePatternSource(parseJson(asText(pattern)), { skipComplexityCheck: true });
}

describe('reference-engine-5k.jsonl.gz', () => {
  const chunk = 250;
  for (let start = 0; start < referenceCases.length; start += chunk) {
    const cases = referenceCases.slice(start, start + chunk);
    // Hundreds of compilations each (up to a second here, several under load): an explicit timeout.
    it(`gives the reference answer for cases ${start + 1}-${start + cases.length}`, {
      timeout: 60_000,
    }, () => {
      const mismatches: string[] = [];
      for (const c of cases) {
        const outcome = evaluate(c);
        if (outcome.result === c.expected) continue;
        const awsLimit =
          outcome.result === 'invalid' &&
          outcome.error.reason.startsWith('Rule is too complex') &&
          wildcardComplexityOf(compileUnchecked(c.pattern)) >= awsRejectedComplexity;
        if (!awsLimit) mismatches.push(`${c.id}: expected ${c.expected}, got ${outcome.result}`);
      }
      expect(mismatches).toStrictEqual([]);
    });
  }

  it('finds the AWS-rejected wildcard complexity in the verified corpus', () => {
    expect(awsRejectedComplexity).toBe(11);
  });
});
