import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { runCli } from '../cli';
import type { Command, CommandIo } from '../command';
import { createAwsStage } from './aws-stage';
import type { StageDeps } from './stage-aws';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
export const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

/** A service error as the SDK v3 deserialises it: `name` is AWS's error code. */
export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 6 },
  });
}

/**
 * The stage commands' deps on real SDK clients (whose `send` aws-sdk-client-mock replaces), with no waiting:
 * `sleeps` counts the polls.
 */
export function mockedStageDeps(now = new Date('2026-11-24T12:00:00Z')): StageDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  const config = { region: REGION, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };
  return {
    sleeps,
    connect: async () =>
      createAwsStage({
        sqs: new SQSClient(config),
        eventBridge: new EventBridgeClient(config),
        ssm: new SSMClient(config),
        lambda: new LambdaClient(config),
        streams: new DynamoDBStreamsClient(config),
      }),
    sleep: async (ms) => void sleeps.push(ms),
    now: () => now,
    pollIntervalMs: 2000,
  };
}

/** Runs one command line against `commands` in `cwd`, capturing its output. */
export async function runCommand(
  commands: readonly Command[],
  argv: readonly string[],
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => '',
    cwd,
  };
  const code = await runCli(commands, argv, io);
  return { code, stdout, stderr };
}
