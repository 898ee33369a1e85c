import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalClaimCheckStore, fetchClaimCheck, parseEvent } from '@sfe/events';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fixtureRecord } from '../test/support';
import {
  createLocalStreamHandler,
  createMemoryDeadLetterSink,
  createMemoryEventPublisher,
  LOCAL_BUS_NAME,
} from './local';

describe('createLocalStreamHandler', () => {
  it('runs the real handler against local stand-ins: bus, dead letters and a claim-check directory', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sfe-stream-'));
    onTestFinished(() => rm(directory, { recursive: true, force: true }));
    const publisher = createMemoryEventPublisher();
    const deadLetters = createMemoryDeadLetterSink();
    const handle = createLocalStreamHandler({
      publisher,
      deadLetters,
      claimCheckStore: createLocalClaimCheckStore({ directory }),
      emitCourseCompletedV1: false,
    });
    const response = await handle({
      Records: [
        fixtureRecord('support-ticket-opened'),
        fixtureRecord('course-completed'),
        fixtureRecord('malformed-unmarshal'),
      ],
    });
    expect(response).toStrictEqual({ batchItemFailures: [] });
    // The ticket waits for its claim check to be written, so it may reach the bus second.
    const published = publisher.entries().map((e) => [e.EventBusName, e.DetailType]);
    expect(published.sort()).toStrictEqual([
      [LOCAL_BUS_NAME, 'CourseCompleted'],
      [LOCAL_BUS_NAME, 'SupportTicketOpened'],
    ]);
    const ticketEntry = publisher.entries().find((e) => e.DetailType === 'SupportTicketOpened');
    expect(deadLetters.letters).toHaveLength(1);
    // A consumer restores the claim-checked ticket from the local file.
    const ticket = await parseEvent(JSON.parse(ticketEntry?.Detail ?? ''), { fetchClaimCheck });
    expect(ticket.data).toMatchObject({ ticketId: 't-3001', subject: 'I cannot download my certificate' });
    const url = JSON.parse(ticketEntry?.Detail ?? '').data.claimCheck.url as string;
    expect(await readFile(fileURLToPath(url), 'utf8')).toContain('t-3001');
  });
});
