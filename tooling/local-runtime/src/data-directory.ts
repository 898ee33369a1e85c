import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_DATA_DIRECTORY } from './store/defaults';

/**
 * The state directory `SFE_DATA_DIR` names (relative to where pnpm was run from), else `.sfe` at the workspace
 * root. Apart from `env.ts`'s schema so that a read command finds the store without loading zod (the rule is
 * here once; `loadRuntimeEnv` uses it).
 */
export function dataDirectoryOf(
  env: { readonly SFE_DATA_DIR?: string; readonly INIT_CWD?: string },
  cwd: string,
): string {
  const from = env.INIT_CWD ?? cwd;
  return env.SFE_DATA_DIR
    ? resolve(from, env.SFE_DATA_DIR)
    : join(findWorkspaceRoot(from) ?? from, DEFAULT_DATA_DIRECTORY);
}

/** The nearest directory holding `pnpm-workspace.yaml`: `pnpm dev` runs inside the package, state lives at the root. */
export function findWorkspaceRoot(from: string): string | undefined {
  let directory = resolve(from);
  for (;;) {
    if (existsSync(join(directory, 'pnpm-workspace.yaml'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
