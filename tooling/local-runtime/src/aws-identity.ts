/** The account and region every local ARN and event names: EventBridge's own placeholder account. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export const arns = {
  table: (table: string) => `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${table}`,
  stream: (table: string, label: string) =>
    `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${table}/stream/${label}`,
  queue: (queue: string) => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${queue}`,
  bus: (bus: string) => `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${bus}`,
  rule: (bus: string, rule: string) =>
    bus === 'default'
      ? `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${rule}`
      : `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${bus}/${rule}`,
  function: (name: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`,
} as const;
