import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
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
      // CDK caches a bundled asset by source directory and serializable bundling options (`tryBundle`, a
      // function, is not part of the key): naming the entry here keeps a second entry of the same directory in
      // one app from getting the first one's bundle. Local bundling reads no environment; the hash is the output's.
      environment: { SFE_FUNCTION_ENTRY: basename(entry) },
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
