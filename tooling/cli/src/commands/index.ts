import type { Command } from '../command';
import { catalogCommand } from './catalog';
import { devCommand } from './dev';
import { dlqListCommand } from './dlq-list';
import { dlqRedriveCommand } from './dlq-redrive';
import { emitCommand } from './emit';
import { eventsCompatCommand } from './events-compat';
import { eventsListCommand } from './events-list';
import { eventsValidateCommand } from './events-validate';
import { newConsumerCommand } from './new-consumer';
import { replayCommand } from './replay';
import { reportCommand } from './report';
import { scenarioCommand } from './scenario';
import { servicesCommand } from './services';
import { sesBounceCommand } from './ses-bounce';
import { streamRecoverCommand } from './stream-recover';
import { testEventPatternCommand } from './test-event-pattern';

/** Every `pnpm sfe` command. Add a command by adding its module here (see `defineCommand` in ../command.ts). */
export const commands: readonly Command[] = [
  catalogCommand,
  devCommand,
  dlqListCommand,
  dlqRedriveCommand,
  emitCommand,
  eventsCompatCommand,
  eventsListCommand,
  eventsValidateCommand,
  newConsumerCommand,
  replayCommand,
  reportCommand,
  scenarioCommand,
  servicesCommand,
  sesBounceCommand,
  streamRecoverCommand,
  testEventPatternCommand,
];
