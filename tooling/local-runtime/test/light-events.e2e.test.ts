import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keys } from '@sfe/records';
import { LOCAL_REPORTING_TABLE, readReport } from '@sfe/reporting-service/report';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../src/runtime';
import { filesIn, temporaryDataDirectory } from './helpers';

// Call-backs for the current state, through the real stream processor, bus, queues and handlers: the revenue
// counts what a payment is when its light PaymentCompleted is processed, not when it completed, and no email
// goes to a learner deactivated before the email's event is processed.
let runtime: Runtime | undefined;
let data: Awaited<ReturnType<typeof temporaryDataDirectory>> | undefined;

afterAll(async () => {
  await runtime?.stop();
  await data?.remove();
});

describe('consumers acting on the current state', () => {
  it('count no payment refunded and mail no learner deactivated before the events are processed', async () => {
    data = await temporaryDataDirectory('light-events');
    runtime = await createRuntime({
      dataDirectory: data.directory,
      inMemory: true,
      pollIntervalMs: 50,
    });
    const { moments } = runtime;
    // Nothing polls yet: both payments complete, and one is refunded, before any event is processed.
    await moments.signUp({ userId: 'ada', email: 'ada@example.com', name: 'Ada Lovelace' });
    await moments.enrol({ userId: 'ada', courseId: 'eda-101', courseTitle: 'Event-driven architecture' });
    await moments.enrol({ userId: 'ada', courseId: 'eda-102', courseTitle: 'Sagas' });
    await moments.pay({ userId: 'ada', courseId: 'eda-101', amount: 4999, paymentId: 'p-kept' });
    await moments.pay({ userId: 'ada', courseId: 'eda-102', amount: 1250, paymentId: 'p-refunded' });
    await moments.refund({ userId: 'ada', paymentId: 'p-refunded' });
    await moments.signUp({ userId: 'grace', email: 'grace@example.com', name: 'Grace Hopper' });
    await moments.deactivate({ userId: 'grace' });

    runtime.start();
    await runtime.idle(120_000);

    const published = (await runtime.archivedEvents(new Date(0)))
      .filter((event) => event['detail-type'] === 'PaymentCompleted')
      .map((event) => (event.detail as { data: { paymentId: string } }).data.paymentId);
    expect(published.sort()).toStrictEqual(['p-kept', 'p-refunded']);
    const kept = await runtime.store.platformTable.get(keys.payment('ada', 'p-kept'));
    const report = await readReport(runtime.store.table(LOCAL_REPORTING_TABLE));
    expect(report.revenuePerDay).toStrictEqual([
      { day: String(kept?.completedAt).slice(0, 10), currency: 'GBP', amountMinor: 4999, payments: 1 },
    ]);
    const outbox = join(data.directory, 'outbox', 'email');
    const recipients = await Promise.all(
      (await filesIn(outbox)).map(async (name) => {
        const to = /^To: (.*)$/m.exec(await readFile(join(outbox, name), 'utf8'))?.[1] ?? '';
        return `${/-(welcome|receipt)-/.exec(name)?.[1]} ${to}`;
      }),
    );
    // Receipts come from the rich CoursePaymentComplete (a receipt is due for a payment that was made).
    expect(recipients.sort()).toStrictEqual([
      'receipt Ada Lovelace <ada@example.com>',
      'receipt Ada Lovelace <ada@example.com>',
      'welcome Ada Lovelace <ada@example.com>',
    ]);
    expect(await runtime.listDeadLetters()).toStrictEqual([]);
  }, 180_000);
});
