// Run by `functionCode` in a child process: CDK's local bundling is synchronous, esbuild's plugins need its async
// API. Argument: the `FunctionBundleOptions` as JSON.
import { bundleFunction, type FunctionBundleOptions } from './function-bundle';

await bundleFunction(JSON.parse(process.argv[2] ?? '{}') as FunctionBundleOptions);
