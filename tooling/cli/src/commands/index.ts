import type { Command } from '../command';

/** Every `pnpm sfe` command. Add a command by adding its module here. */
export const commands: readonly Command[] = [];
