import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyClaimCheck, createEvent, createLocalClaimCheckStore } from '@sfe/events';
import { asEventBridgeEvent, loadFixture } from '@sfe/events/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import type { CommandIo } from '../command';
import { eventsValidateCommand } from './events-validate';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'sfe-validate-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

async function validate(args: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const streams: CommandIo = {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    readStdin: async () => stdin,
    cwd,
  };
  const code = await runCli([eventsValidateCommand], ['events', 'validate', ...args], streams);
  return { code, out: out.join(''), err: err.join('') };
}

const delivered = loadFixture('CourseCompleted');
const summary =
  'valid CourseCompleted v2 d4f6a8c0-2e4a-4c6e-8a0c-4e6a8c0e2a35 (correlation 6e8a0c2e-4a6c-4e8a-9c0e-2a4c6e8a0c13)\n';

describe('sfe events validate', () => {
  it.each<[string, string]>([
    ['an EventBridge event', JSON.stringify(delivered, null, 2)],
    ['a detail', JSON.stringify(delivered.detail)],
    ['an SQS message body stored as a JSON string', JSON.stringify(JSON.stringify(delivered))],
    [
      'an SQS record',
      JSON.stringify({ messageId: '059f36b4-87a3-44ab-83d2-661975830a7d', body: JSON.stringify(delivered) }),
    ],
  ])('exits 0 with a one-line summary for a valid event in %s', async (_, content) => {
    await writeFile(join(cwd, 'event.json'), content);
    expect(await validate(['event.json'])).toStrictEqual({ code: 0, out: summary, err: '' });
  });

  it('resolves the path against the directory it was run from, and accepts absolute paths', async () => {
    await writeFile(join(cwd, 'event.json'), JSON.stringify(delivered));
    expect((await validate([join(cwd, 'event.json')])).code).toBe(0);
  });

  it('reads stdin for -', async () => {
    expect(await validate(['-'], JSON.stringify(delivered))).toStrictEqual({
      code: 0,
      out: summary,
      err: '',
    });
  });

  it('exits 1 printing every error of an invalid event', async () => {
    const broken = structuredClone(delivered) as {
      detail: { metadata: Record<string, unknown>; data: Record<string, unknown> };
    };
    broken.detail.metadata.correlationId = 'abc';
    broken.detail.data.email = 'ada.lovelace';
    delete broken.detail.data.courseTitle;
    await writeFile(join(cwd, 'broken.json'), JSON.stringify(broken));
    expect(await validate(['broken.json'])).toStrictEqual({
      code: 1,
      out: '',
      err: [
        `invalid CourseCompleted v2 in ${join(cwd, 'broken.json')}: 3 error(s)`,
        '  metadata.correlationId: Invalid UUID',
        '  data.courseTitle: Invalid input: expected string, received undefined',
        '  data.email: Invalid email address',
        '',
      ].join('\n'),
    });
  });

  it('exits 1 for an unknown type, a file that is not JSON, or one that does not exist', async () => {
    const unknown = structuredClone(delivered) as {
      'detail-type': string;
      detail: { metadata: { type: string } };
    };
    unknown['detail-type'] = 'CourseCancelled';
    unknown.detail.metadata.type = 'CourseCancelled';
    await writeFile(join(cwd, 'unknown.json'), JSON.stringify(unknown));
    await writeFile(join(cwd, 'text.json'), 'CourseCompleted!');
    expect((await validate(['unknown.json'])).err).toBe(
      `invalid CourseCancelled v2 in ${join(cwd, 'unknown.json')}: 1 error(s)\n  metadata.type: unknown event type "CourseCancelled"\n`,
    );
    const text = await validate(['text.json']);
    expect(text.code).toBe(1);
    expect(text.err).toMatch(
      /^invalid event of unknown type in .*text\.json: 1 error\(s\)\n {2}\(root\): not JSON/,
    );
    const missing = await validate(['missing.json']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^cannot read .*missing\.json: ENOENT/);
  });

  it('restores and verifies a claim-checked event, and rejects a tampered payload', async () => {
    const event = createEvent(
      'SupportTicketOpened',
      {
        ticketId: 't-1',
        userId: 'u-1',
        subject: 'My certificate is wrong',
        openedAt: '2026-11-25T14:30:16Z',
      },
      { source: 'sfe-stream-processor' },
    );
    const store = createLocalClaimCheckStore({ directory: join(cwd, 'claims') });
    const checked = await applyClaimCheck(event, { store, busName: 'sfe-dev-bus' });
    await writeFile(join(cwd, 'ticket.json'), JSON.stringify(asEventBridgeEvent(checked)));
    expect(await validate(['ticket.json'])).toStrictEqual({
      code: 0,
      out: `valid SupportTicketOpened v1 ${event.metadata.id} (correlation ${event.metadata.correlationId})\n`,
      err: '',
    });
    await writeFile(join(cwd, 'claims/claim-checks/SupportTicketOpened', `${event.metadata.id}.json`), '{}');
    const tampered = await validate(['ticket.json']);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toMatch(
      /^invalid claim check in .*ticket\.json: claim check file:.* has 2 bytes, expected \d+/,
    );
  });

  it('needs exactly one file', async () => {
    expect((await validate([])).code).toBe(2);
    expect((await validate([])).err).toContain('missing <file>');
    expect(await validate(['a.json', 'b.json'])).toMatchObject({
      code: 2,
      err: expect.stringContaining("unexpected argument 'b.json'"),
    });
  });
});
