import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdaNode } from './lambda-node';
import type { SynthesizedFunction } from './synthesized-functions';

/** One process's cost: CPU (user + system, all threads) and wall time from spawn to exit, in milliseconds. */
export interface ProcessCost {
  readonly cpuMs: number;
  readonly wallMs: number;
}

export interface ColdStartRun extends ProcessCost {
  /** What the handler returned (record runs only). */
  readonly result?: unknown;
}

/**
 * What the child runs, as `node --input-type=module -e`: import the bundle the way Lambda's runtime does
 * (`import()` of the file), then in `record` mode call the handler once with the event file, then report its
 * own CPU time. Inline rather than a file so nothing but the bundle is loaded from disk. `node:fs` through
 * `process.getBuiltinModule`, not an `import`: an ESM import of it reads its lazy `ReadStream` getters, which
 * load Node's streams (~3 ms of CPU on Node 24, 0.14x of a bare start) that the bundle's init would be charged
 * with (BENCHMARKS.md, cold starts, session 10). The request id comes from the parent, as Lambda's runtime
 * gives it: the global `crypto.randomUUID()` here would load Node's crypto and WebCrypto in the child and charge
 * them to every first record (session 11).
 */
const CHILD_SCRIPT = `
const [bundleUrl, exportName, eventFile, functionName, awsRequestId] = process.argv.slice(1);
const module = await import(bundleUrl);
let result;
if (eventFile) {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const deadline = Date.now() + 30000;
  const context = {
    functionName, functionVersion: '$LATEST', memoryLimitInMB: '512', awsRequestId,
    invokedFunctionArn: 'arn:aws:lambda:eu-west-2:111122223333:function:' + functionName,
    logGroupName: '/aws/lambda/' + functionName, logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(), done() {}, fail() {}, succeed() {},
  };
  result = await module[exportName](JSON.parse(readFileSync(eventFile, 'utf8')), context);
}
const cpu = process.cpuUsage();
process.stdout.write('\\n@@cold-start ' + JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, result }) + '\\n');
process.exit(0);
`;

/** `node -e 0` that also reports its CPU time: the bare start every figure is compared with. */
const BARE_SCRIPT = `const c = process.cpuUsage(); process.stdout.write('\\n@@cold-start ' + JSON.stringify({ cpuMs: (c.user + c.system) / 1000 }) + '\\n');`;

export interface RunOptions {
  /** `AWS_ENDPOINT_URL`: the stand-in's address. */
  readonly endpointUrl: string;
  /** Handle this event after the import (omit to measure the import alone). */
  readonly event?: unknown;
  /** Set over the function's variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** The Node executable (default `lambdaNode()`'s: the deployed major). */
  readonly node?: string;
}

/** A bare Node start (no NODE_OPTIONS), on the same Node as the functions (`lambdaNode()`). */
export function runBare(node = lambdaNode().path): Promise<ColdStartRun> {
  return runNode(node, ['-e', BARE_SCRIPT], { PATH: process.env.PATH ?? '' });
}

/**
 * One cold start of the function in a new process, with the environment Lambda would give it, on the Node major
 * its runtime names (`lambdaNode()`).
 */
export async function runColdStart(fn: SynthesizedFunction, options: RunOptions): Promise<ColdStartRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'sfe-cold-start-'));
  try {
    const eventFile = join(scratch, 'event.json');
    if (options.event !== undefined) writeFileSync(eventFile, JSON.stringify(options.event));
    const args = [
      '--input-type=module',
      '-e',
      CHILD_SCRIPT,
      pathToFileURL(fn.bundlePath).href,
      fn.exportName,
    ];
    if (options.event !== undefined) args.push(eventFile, fn.functionName, randomUUID());
    return await runNode(options.node ?? lambdaNode().path, args, {
      ...lambdaEnvironment(fn, options.endpointUrl),
      ...options.environment,
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The function's environment as Lambda sets it: its literal variables (NODE_OPTIONS included), values
 * CloudFormation fills in at deploy time as stand-in names, `/opt` paths onto its layers' directories,
 * NODE_PATH onto their `nodejs/node_modules`, a region, static credentials, and every SDK client pointed
 * at the stand-in.
 */
export function lambdaEnvironment(fn: SynthesizedFunction, endpointUrl: string): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.environment)) {
    environment[name] = onLayers(value, fn);
  }
  return {
    PATH: process.env.PATH ?? '',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: 'eu-west-2',
    AWS_DEFAULT_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'AKIASTANDIN000000000',
    AWS_SECRET_ACCESS_KEY: 'stand-in-secret',
    AWS_SESSION_TOKEN: 'stand-in-session',
    AWS_ENDPOINT_URL: endpointUrl,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    ...(fn.layerDirectories.length > 0
      ? { NODE_PATH: fn.layerDirectories.map((dir) => join(dir, 'nodejs', 'node_modules')).join(':') }
      : {}),
    ...environment,
    // The platform API (found by its function's name in AWS) is answered by the stand-in as well.
    ...('PLATFORM_API_FUNCTION_NAME' in environment ? { PLATFORM_API_URL: endpointUrl } : {}),
  };
}

function onLayers(value: string, fn: SynthesizedFunction): string {
  if (!value.startsWith('/opt/') || fn.layerDirectories.length === 0) return value;
  return join(fn.layerDirectories[0] ?? '', value.slice('/opt/'.length));
}

async function runNode(
  node: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<ColdStartRun> {
  const started = process.hrtime.bigint();
  const child = spawn(node, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const stdout = Buffer.concat(out).toString('utf8');
  const report = stdout.split('\n').find((line) => line.startsWith('@@cold-start '));
  if (code !== 0 || !report) {
    throw new Error(
      `node exited with ${code} without a report.\nstdout:\n${stdout.slice(-2000)}\nstderr:\n${Buffer.concat(err).toString('utf8').slice(-4000)}`,
    );
  }
  if (process.env.SFE_COLD_START_DEBUG) process.stderr.write(stdout + Buffer.concat(err).toString('utf8'));
  const { cpuMs, result } = JSON.parse(report.slice('@@cold-start '.length)) as {
    cpuMs: number;
    result?: unknown;
  };
  return { cpuMs, wallMs, ...(result === undefined ? {} : { result }) };
}
