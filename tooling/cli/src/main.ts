import { text } from 'node:stream/consumers';
import { runCli } from './cli';
import { loadCommandsFor } from './command-loader';

const argv = process.argv.slice(2);
const exitCode = await runCli(await loadCommandsFor(argv), argv, {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => text(process.stdin),
  // pnpm runs scripts from the workspace root; INIT_CWD is where the user typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  isTerminal: process.stdout.isTTY === true,
});
process.exitCode = exitCode;
