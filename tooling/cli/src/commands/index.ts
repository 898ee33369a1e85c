import type { Command } from '../command';
import { emitCommand } from './emit';
import { eventsListCommand } from './events-list';
import { eventsValidateCommand } from './events-validate';
import { newConsumerCommand } from './new-consumer';
import { reportCommand } from './report';
import { testEventPatternCommand } from './test-event-pattern';

/** Every `pnpm sfe` command. Add a command by adding its module here. */
export const commands: readonly Command[] = [
  emitCommand,
  eventsListCommand,
  eventsValidateCommand,
  newConsumerCommand,
  reportCommand,
  testEventPatternCommand,
];
