import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStandIn, startAwsStandIn } from './aws-stand-in';
import { dynamicHttpImports, eagerNetworkImports } from './eager-imports';
import { firstRecordProblem, runFirstRecord } from './first-record-check';
import { firstRecordOf, functionKey } from './first-records';
import { checkBundleBudget } from './size-budgets';
import { cdkApps, stageTask, synthesizedApps, synthesizedFunctions } from './synthesized-functions';
import { zodClassicSources } from './zod-classic';

// Runs after `pnpm synth` (see the root `check` script): the bundles under test are the ones `cdk synth` built.
const functions = synthesizedFunctions();

describe('synthesized bundles', () => {
  it('exist for every app with a CDK app (run `pnpm synth` first)', () => {
    expect(synthesizedApps()).toStrictEqual(cdkApps());
    expect(new Set(functions.map((fn) => fn.app))).toStrictEqual(new Set(cdkApps()));
  });

  describe.each(functions.map((fn) => [functionKey(fn), fn] as const))('%s', (_key, fn) => {
    let standIn: AwsStandIn;
    beforeAll(async () => {
      standIn = await startAwsStandIn();
    });
    afterAll(() => standIn.close());

    it('fits its size budget', () => {
      const { bytes, budget } = checkBundleBudget(fn);
      expect(bytes, `${fn.bundlePath} is ${bytes} bytes; its budget is ${budget}`).toBeLessThanOrEqual(
        budget,
      );
    });

    // zod classic is ~190 KB of V8 compile at every cold start; handlers' schemas are zod/mini (issue 17,
    // BENCHMARKS.md). It comes back with one `import { z } from 'zod'` or a Powertools parser schema.
    it('bundles no zod classic, only zod/mini', () => {
      expect(
        zodClassicSources(fn.bundlePath),
        `${fn.bundlePath} bundles zod classic: import zod/mini instead (see @sfe/events' README)`,
      ).toStrictEqual([]);
    });

    // TLS, sockets and streams load on the first call out, not at every cold start (issue 17, BENCHMARKS.md):
    // `@sfe/aws-fetch` imports node:http/https on its first request. A static import comes back with a library
    // that imports them at its top (the SDK's Node HTTP handler did).
    it('imports no network or stream module at init', () => {
      expect(eagerNetworkImports(fn.bundlePath), `${fn.bundlePath} imports them statically`).toStrictEqual(
        [],
      );
    });

    // On Node 22+ (Lambda runs 24), `import('node:http')` reads the module's lazy WebSocket getters and so loads
    // undici: a bare start's worth of CPU in the first record (BENCHMARKS.md, cold starts, session 9).
    it('loads node:http without a dynamic import()', () => {
      expect(
        dynamicHttpImports(fn.bundlePath),
        `${fn.bundlePath}: use process.getBuiltinModule('node:http')`,
      ).toBe(0);
    });

    it('imports in a new process and handles its first record against the AWS stand-in', async () => {
      const record = firstRecordOf(fn);
      const task = stageTask(fn);
      try {
        const run = await runFirstRecord(task, record, standIn);
        expect(firstRecordProblem(run, record)).toBeUndefined();
      } finally {
        rmSync(task.taskDirectory, { recursive: true, force: true });
      }
    });
  });
});
