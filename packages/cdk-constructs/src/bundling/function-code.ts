import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code, type Runtime } from 'aws-cdk-lib/aws-lambda';
import type { FunctionBundleOptions } from './function-bundle';

const CLI = fileURLToPath(new URL('./bundle-function-cli.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * The function's code: its entry bundled locally by esbuild (no Docker) with `functionBuildOptions`, hashed by
 * output, so an unchanged bundle is not redeployed. Bundling is skipped like every CDK asset's when a test
 * app turns it off (`testApp()`).
 */
export function functionCode(entry: string, runtime: Runtime): Code {
  const target = `node${runtime.name.replace(/^nodejs/, '').replace(/\.x$/, '')}`;
  return Code.fromAsset(dirname(entry), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: local bundling always succeeds or throws. CDK requires an image for the Docker fallback.
      image: DockerImage.fromRegistry('scratch'),
      local: {
        tryBundle(outdir) {
          const bundle: FunctionBundleOptions = { entry, outdir, target };
          execFileSync(process.execPath, ['--import', TSX_LOADER, CLI, JSON.stringify(bundle)], {
            stdio: ['ignore', 'inherit', 'inherit'],
          });
          return true;
        },
      },
    },
  });
}
