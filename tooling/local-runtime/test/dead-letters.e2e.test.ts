import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REDACTED, toPutEventsEntry } from '@sfe/events';
import { service as notificationService } from '@sfe/notification-service/service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../src/runtime';
import { eventually, filesIn, temporaryDataDirectory } from './helpers';
import { poisonGreeter, signUpOf } from './poison-greeter';

const { service: greeter, greeted, fix } = poisonGreeter('greeter');

const signUp = (name: string) => toPutEventsEntry(signUpOf(name), 'platform');

let runtime: Runtime;
let data: Awaited<ReturnType<typeof temporaryDataDirectory>>;
beforeAll(async () => {
  data = await temporaryDataDirectory('dlq');
  runtime = await createRuntime({
    dataDirectory: data.directory,
    inMemory: true,
    // notification-service posts each DLQ's alarm to the ops chat (its ops-alarms subscription).
    services: [greeter, notificationService],
    pollIntervalMs: 20,
    queue: { visibilityTimeoutMs: 150, maxReceiveCount: 3 },
  });
  runtime.start();
});
afterAll(async () => {
  await runtime?.stop();
  await data?.remove();
});

/** The alarm messages in the ops chat's outboxes: which box, to which chat, and their first line. */
async function alarmMessages(): Promise<{ box: string; to: string; title: string }[]> {
  const messages = [];
  for (const box of ['slack', 'telegram']) {
    const directory = join(data.directory, 'outbox', box);
    for (const name of (await filesIn(directory)).filter((file) => file.includes('-alarm-'))) {
      const payload = JSON.parse(await readFile(join(directory, name), 'utf8')) as {
        channel?: string;
        chat_id?: string;
        text: string;
      };
      messages.push({
        box,
        to: payload.channel ?? payload.chat_id ?? '',
        title: payload.text.split('\n')[0] ?? '',
      });
    }
  }
  return messages;
}

describe('a consumer that throws on one record', () => {
  it('handles the others, dead-letters that one with its error after max receives, tells the ops chat, and redrives it once fixed', async () => {
    // One PutEvents, one batch: the poison record sits between two good ones.
    await runtime.bus.putEvents([signUp('Ada'), signUp('Poison'), signUp('Grace')]);

    const [listing] = await eventually(
      async () => {
        const listings = await runtime.listDeadLetters();
        return listings.length > 0 ? listings : undefined;
      },
      30_000,
      'the poison message in the DLQ',
    );
    expect(greeted).toStrictEqual(['Ada', 'Grace']);
    expect(listing?.queue).toBe('greeter-signups-dlq');
    // The name is personal data (marked in UserSignedUp's schema): the logged reason never holds it.
    expect(
      listing?.messages.map((message) => [message.sourceQueue, message.receiveCount, message.lastError]),
    ).toStrictEqual([['greeter-signups', 3, `TypeError: cannot greet ${REDACTED}`]]);
    expect(JSON.parse(listing?.messages[0]?.body ?? '{}').detail.data.name).toBe('Poison');

    // The DLQ's alarm, as CloudWatch would raise it, reached the ops chat: one Slack and one Telegram message.
    const opsMessages = await eventually(
      async () => {
        const messages = await alarmMessages();
        return messages.length >= 2 ? messages : undefined;
      },
      30_000,
      "the DLQ alarm in the ops chat's outboxes",
    );
    expect(opsMessages).toStrictEqual([
      {
        box: 'slack',
        to: 'CLOCALOPS0',
        title: expect.stringMatching(
          /^:rotating_light: ALARM: sfe-[a-z0-9-]+-greeter-signups-dlq-not-empty$/,
        ),
      },
      {
        box: 'telegram',
        to: '-1000000000002',
        title: expect.stringMatching(/^🚨 <b>ALARM: sfe-[a-z0-9-]+-greeter-signups-dlq-not-empty<\/b>$/),
      },
    ]);

    fix();
    expect(await runtime.redrive('greeter-signups')).toStrictEqual({
      queue: 'greeter-signups-dlq',
      redriven: 1,
    });
    await runtime.idle(30_000);
    expect(greeted).toStrictEqual(['Ada', 'Grace', 'Poison']);
    expect(await runtime.listDeadLetters()).toStrictEqual([]);
  });

  it("sends a malformed platform item to the stream processor's DLQ with the reason, blocking nothing", async () => {
    // A USER item without its email: the stream processor cannot build UserSignedUp from it.
    await runtime.store.platformTable.transact([
      {
        kind: 'put',
        item: { pk: 'USER#bad', sk: 'PROFILE', entityType: 'USER', userId: 'bad', name: 'Bad' },
      },
    ]);
    await runtime.bus.putEvents([signUp('Edsger')]);
    const [listing] = await eventually(
      async () => {
        const listings = await runtime.listDeadLetters();
        return listings.length > 0 ? listings : undefined;
      },
      30_000,
      'the malformed record in the stream DLQ',
    );
    await runtime.idle(30_000);
    expect(listing?.queue).toBe('stream-processor-dlq');
    expect(listing?.messages[0]?.lastError).toMatch(/^record [0-9a-f]{32}: .*email/);
    expect(JSON.parse(listing?.messages[0]?.body ?? '{}')).toMatchObject({
      kind: 'malformed-stream-record',
      record: { eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'USER#bad' }, sk: { S: 'PROFILE' } } } },
    });
    expect(greeted.at(-1)).toBe('Edsger');
    expect((await runtime.status()).stream.behind).toBe(0);
    // Inspected: a person would fix the item; here it is dropped so the next test starts with no dead letters.
    await runtime.queues.deleteById(listing?.messages[0]?.id ?? '');
  });

  it('does not handle an event twice when it is delivered twice (replay), thanks to idempotency', async () => {
    const before = greeted.length;
    const result = await runtime.replay({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2100-01-01T00:00:00Z'),
    });
    // The four events put, and the alarm event each dead letter above raised (the local archive keeps the default
    // bus's events too): replayed alarms are posted again only if not seen, by notification-service's idempotency.
    expect(result.events).toBe(6);
    await runtime.idle(30_000);
    expect(greeted.length).toBe(before);
  });
});
