import { DEFAULT_STAGE } from '@sfe/cdk-constructs/stage';
import { expectEveryAlarmNotifiesOps } from '@sfe/cdk-constructs/testing';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { cdkApps, synthesizedTemplates } from './synthesized-functions';

// Runs after `pnpm synth` (default stage): every template infra and the apps synthesized, not a test's stack.
const templates = synthesizedTemplates();

describe('synthesized alarms', () => {
  it('are read from infra and every app with a CDK app (run `pnpm synth` first)', () => {
    expect([...new Set(templates.map((entry) => entry.app))].sort()).toStrictEqual(
      ['infra', ...cdkApps()].sort(),
    );
  });

  it.each(templates.map((entry) => [entry.path.replace(/^.*\/(apps\/|infra\/)/, '$1'), entry] as const))(
    '%s: every CloudWatch alarm notifies the ops topic when it fires and when it clears',
    (_path, entry) => {
      const alarms = expectEveryAlarmNotifiesOps(Template.fromJSON(entry.template), DEFAULT_STAGE);
      // Every app runs functions, and each function alarms on errors and throttles.
      if (entry.app !== 'infra')
        expect(alarms.filter((name) => name.endsWith('-errors')).length).toBeGreaterThan(0);
    },
  );
});
