import { applyNagChecks, resourceName, stageFromContext } from '@sfe/cdk-constructs';
import { App } from 'aws-cdk-lib';
import type { ChannelName } from '../src/adapters/chat';
import { SERVICE_NAME } from '../src/service-name';
import { NotificationStack } from './notification-stack';

// `cdk synth -c stage=prod -c channels=slack,telegram -c slackChannelId=C0123456789 -c telegramChatId=-100123`;
// env-agnostic. Tokens are never passed here: they live in the stack's Secrets Manager secret.
const app = new App();
const stage = stageFromContext(app);
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
new NotificationStack(app, resourceName(stage, SERVICE_NAME), {
  stage,
  channels: (context('channels') ?? 'slack').split(',').map((name) => name.trim() as ChannelName),
  slackChannelId: context('slackChannelId') ?? 'C0000000000',
  telegramChatId: context('telegramChatId'),
  locale: context('locale'),
  // Alarms to the ops chat: `-c opsChannels=telegram -c opsTelegramChatId=-100...` (default: the team's).
  opsChannels: context('opsChannels')
    ?.split(',')
    .map((name) => name.trim() as ChannelName),
  opsSlackChannelId: context('opsSlackChannelId'),
  opsTelegramChatId: context('opsTelegramChatId'),
});
applyNagChecks(app);
