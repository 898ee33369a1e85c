import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamicHttpImports, eagerNetworkImports } from './eager-imports';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function bundle(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sfe-eager-imports-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'index.mjs'), text);
  return join(dir, 'index.mjs');
}

describe('eagerNetworkImports', () => {
  it('names the network and stream modules a bundle imports statically, minified or not', () => {
    const path = bundle(
      'import{Agent as a,request as r}from"node:https";import*as s from "stream";\n' +
        'import { connect } from \'node:tls\';import{request as q}from"node:https";',
    );
    expect(eagerNetworkImports(path)).toStrictEqual(['https', 'stream', 'tls']);
  });

  it('leaves out dynamic imports and the other built-ins', () => {
    const path = bundle(
      'import{createHash as h}from"node:crypto";import{Console as c}from"node:console";' +
        'const t=()=>import("node:https");const from="https";',
    );
    expect(eagerNetworkImports(path)).toStrictEqual([]);
  });
});

describe('dynamicHttpImports', () => {
  it('counts dynamic imports of node:http, however written', () => {
    const path = bundle(
      'const a=()=>import("node:http");const b=await(x?import("node:https"):import( \'http\' ));',
    );
    expect(dynamicHttpImports(path)).toBe(2);
  });

  it('leaves out node:https, node:http2, static imports and process.getBuiltinModule', () => {
    const path = bundle(
      'import{request as r}from"node:http";const a=()=>import("node:https");const b=()=>import("node:http2");' +
        'const c=process.getBuiltinModule("node:http");',
    );
    expect(dynamicHttpImports(path)).toBe(0);
  });
});
