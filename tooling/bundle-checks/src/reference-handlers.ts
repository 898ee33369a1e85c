import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunction } from '@sfe/cdk-constructs/bundling';
import { lambdaNode } from './lambda-node';
import { REPO_ROOT, type SynthesizedFunction } from './synthesized-functions';

/** The app name `functionKey` reads off the reference handlers: `reference/<name>`. */
const REFERENCE_APP = 'reference';

export interface ReferenceHandlers {
  readonly functions: readonly SynthesizedFunction[];
  /** Deletes the temporary folder they were built into. */
  readonly remove: () => void;
}

/**
 * The handlers in `reference/`, what any function (`aws-call-by-hand`) and any consumer (`required-stack`) pays
 * before its own code: bundled with the functions' build options into a new temporary folder, ready to stage and
 * run like a synthesized function. They are measuring sticks for the bench, never deployed.
 */
export async function buildReferenceHandlers(repoRoot = REPO_ROOT): Promise<ReferenceHandlers> {
  const out = mkdtempSync(join(tmpdir(), 'sfe-reference-'));
  const target = `node${lambdaNode().deployedMajor}`;
  const functions = await Promise.all(
    ['aws-call-by-hand', 'required-stack'].map(async (name) => {
      const outdir = join(out, name);
      await bundleFunction({
        entry: join(repoRoot, 'tooling', 'bundle-checks', 'reference', `${name}.ts`),
        outdir,
        target,
      });
      return {
        app: REFERENCE_APP,
        functionName: `sfe-bench-${REFERENCE_APP}-${name}`,
        bundlePath: join(outdir, 'index.mjs'),
        exportName: 'handler',
        environment: {},
        layerDirectories: [],
      };
    }),
  );
  return { functions, remove: () => rmSync(out, { recursive: true, force: true }) };
}
