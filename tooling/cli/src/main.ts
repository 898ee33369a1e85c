import { runCli } from './cli';
import { compileWasmForAShortRun, loadCommandsFor, singleCommandFor } from './command-loader';
import { processIo } from './process-io';

const argv = process.argv.slice(2);
if (singleCommandFor(argv)) {
  (await import('@sfe/local-runtime/access')).prepareStoreOpening(compileWasmForAShortRun);
}
process.exitCode = await runCli(await loadCommandsFor(argv), argv, processIo());
