import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECOMMENDED_FEATURE_FLAGS } from './feature-flags';
import { testApp, VALIDATE_AGAINST_DEFAULT_RULES } from './nag';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/** Every CDK app's cdk.json: infra's, each app's, and the one `pnpm sfe new consumer` writes. */
function cdkJsonFiles(): string[] {
  const apps = join(REPO_ROOT, 'apps');
  const templates = join(REPO_ROOT, 'tooling', 'cli', 'templates');
  return [
    join(REPO_ROOT, 'infra', 'cdk.json'),
    ...readdirSync(apps).map((app) => join(apps, app, 'cdk.json')),
    ...readdirSync(templates).map((template) => join(templates, template, 'cdk.json.tmpl')),
  ].filter((path) => existsSync(path));
}

/** Each flag the file lacks or sets otherwise, as `flag: expected (found)`. */
function flagsOff(path: string): string[] {
  const { context = {} } = JSON.parse(readFileSync(path, 'utf8')) as { context?: Record<string, unknown> };
  return Object.entries(RECOMMENDED_FEATURE_FLAGS)
    .filter(([flag, value]) => JSON.stringify(context[flag]) !== JSON.stringify(value))
    .map(([flag, value]) => `${flag}: ${JSON.stringify(value)} (${JSON.stringify(context[flag])})`);
}

describe('RECOMMENDED_FEATURE_FLAGS', () => {
  it("is aws-cdk-lib's recommended-feature-flags.json", () => {
    const json = createRequire(import.meta.url)('aws-cdk-lib/recommended-feature-flags.json') as unknown;
    expect(RECOMMENDED_FEATURE_FLAGS).toStrictEqual(json);
    expect(Object.keys(RECOMMENDED_FEATURE_FLAGS).length).toBeGreaterThan(50);
  });

  it('is set in every cdk.json of the repository (after an aws-cdk-lib upgrade, copy the new flags in)', () => {
    const files = cdkJsonFiles();
    expect(files.map((path) => relative(REPO_ROOT, path))).toStrictEqual(
      expect.arrayContaining([
        'infra/cdk.json',
        'apps/email-service/cdk.json',
        'tooling/cli/templates/consumer/cdk.json.tmpl',
      ]),
    );
    const off = Object.fromEntries(files.map((path) => [relative(REPO_ROOT, path), flagsOff(path)]));
    expect(off).toStrictEqual(Object.fromEntries(files.map((path) => [relative(REPO_ROOT, path), []])));
  });

  it('is what testApp synthesizes with, so stack tests check what cdk synth writes (validation aside)', () => {
    const app = testApp();
    for (const [flag, value] of Object.entries(RECOMMENDED_FEATURE_FLAGS)) {
      if (flag === VALIDATE_AGAINST_DEFAULT_RULES) continue;
      expect(app.node.tryGetContext(flag)).toStrictEqual(value);
    }
    expect(app.node.tryGetContext(VALIDATE_AGAINST_DEFAULT_RULES)).toBe(false);
    expect(
      testApp({ [VALIDATE_AGAINST_DEFAULT_RULES]: true }).node.tryGetContext(VALIDATE_AGAINST_DEFAULT_RULES),
    ).toBe(true);
  });
});
