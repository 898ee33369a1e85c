import type { Command } from '../command';
import { emitCommand } from './emit';

/** Every `pnpm sfe` command. Add a command by adding its module here. */
export const commands: readonly Command[] = [emitCommand];
