import type { Command } from '../command';
import { dlqListCommand } from './dlq-list';
import { dlqRedriveCommand } from './dlq-redrive';
import { emitCommand } from './emit';
import { eventsListCommand } from './events-list';
import { eventsValidateCommand } from './events-validate';
import { newConsumerCommand } from './new-consumer';
import { replayCommand } from './replay';
import { reportCommand } from './report';
import { scenarioCommand } from './scenario';
import { testEventPatternCommand } from './test-event-pattern';

/** Every `pnpm sfe` command. Add a command by adding its module here. */
export const commands: readonly Command[] = [
  dlqListCommand,
  dlqRedriveCommand,
  emitCommand,
  eventsListCommand,
  eventsValidateCommand,
  newConsumerCommand,
  replayCommand,
  reportCommand,
  scenarioCommand,
  testEventPatternCommand,
];
