import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createEvent, EventType, REDACTED, toPutEventsEntry } from '@sfe/events';
import { discoverServices } from '@sfe/service-definition/discovery';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRuntimeAccess } from '../src/access/runtime-access';
import { runScenario } from '../src/scenario/scenario';
import { type StartedRuntime, startLocalRuntime } from '../src/start';
import { eventually, temporaryDataDirectory } from './helpers';
import { poisonGreeter, signUpOf } from './poison-greeter';

/**
 * The console as a person uses it, in a real browser: Debian's Chromium (`apt-get install chromium`; .ci/run
 * installs it) driven by playwright-core. Without Chromium the tests are skipped on a developer's machine and
 * fail in CI. Each test saves a screenshot under `test-results/console/` (gitignored).
 */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) {
  throw new Error(
    `${CHROMIUM} is missing: CI must run the console's browser tests (.ci/run installs chromium)`,
  );
}
const SCREENSHOTS = join(import.meta.dirname, '..', 'test-results', 'console');
/** A loaded two-core machine: page actions and waits get minutes, not Playwright's 30 s. */
const WAIT_MS = 120_000;

// A consumer that cannot greet "Poison" until it is fixed; its queue gives up after 2 receives, 1 s apart.
const {
  service: flakyGreeter,
  greeted,
  fix,
} = poisonGreeter('flaky-greeter', {
  batchSize: 1,
  functionTimeoutSeconds: 1,
  visibilityTimeoutSeconds: 1,
  maxReceiveCount: 2,
});

let started: StartedRuntime;
let data: Awaited<ReturnType<typeof temporaryDataDirectory>>;
let browser: Browser;
let page: Page;

/** PutEvents through the local endpoint, as the AWS CLI or SDK would send it; returns the event id. */
async function putEvent(entry: ReturnType<typeof toPutEventsEntry>): Promise<string> {
  const response = await fetch(started.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSEvents.PutEvents' },
    body: JSON.stringify({ Entries: [entry] }),
  });
  const answer = (await response.json()) as { FailedEntryCount: number; Entries: { EventId?: string }[] };
  expect(answer.FailedEntryCount).toBe(0);
  return answer.Entries[0]?.EventId as string;
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element has this accessible text; fails after 40 presses. */
async function tabTo(text: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
    if (focused === text) return;
  }
  throw new Error(`no focusable element "${text}" reached with Tab`);
}

/** axe-core's WCAG 2 A/AA rules (contrast, labels, names, landmarks) on the page as it is. */
async function accessibilityViolations(): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  // A string: the function runs in the page (where `axe` and `document` exist), not in Node.
  const result = await page.evaluate<{ violations: { id: string; nodes: { target: string[] }[] }[] }>(
    "axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })",
  );
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.runIf(hasChromium)('the console in a browser', () => {
  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    data = await temporaryDataDirectory('console');
    const services = (await discoverServices()).map((found) => found.definition);
    started = await startLocalRuntime({
      port: 0,
      dataDirectory: data.directory,
      inMemory: true,
      services: [...services, flakyGreeter],
      pollIntervalMs: 50,
      settings: { FFMPEG_PATH: 'none' },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: WAIT_MS });
    // axe-core is injected as a script: the console's CSP would rightly refuse it.
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await started?.stop();
    await data?.remove();
  }, 120_000);

  it('shows a CourseCompleted put through the local endpoint as it is routed, and the services it reaches', async () => {
    await page.goto(`${started.url}/console`);
    await page.getByRole('status').filter({ hasText: 'live' }).waitFor();
    // Keyboard first: the skip link, then the navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.textContent')).toBe('Skip to content');

    // The learner exists (consumers read them back from the platform API before emailing).
    const signedUp = await fetch(`${started.url}/moments/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'ada', email: 'ada@example.com', name: 'Ada Lovelace' }),
    });
    expect(signedUp.status).toBe(201);
    const course = createEvent(
      EventType.CourseCompleted,
      {
        userId: 'ada',
        courseId: 'eda-101',
        courseTitle: 'Event-driven architecture',
        userName: 'Ada Lovelace',
        email: 'ada@example.com',
        completedAt: '2026-11-23T10:00:00.000Z',
      },
      { source: 'sfe-console-test' },
    );
    const eventId = await putEvent(toPutEventsEntry(course, 'platform'));

    const row = page.locator(`tr[data-event-id="${eventId}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(1, 4)).toStrictEqual(['CourseCompleted', '2', 'sfe-console-test']);
    expect(cells[4]).toBe(course.metadata.correlationId.slice(0, 8));
    expect(cells[5]).toContain('certificate-service-course-completed');
    expect(cells[5]).toContain('email-service-learner-emails');

    // Filtering by correlation keeps it (and the certificate events it causes, which may already have
    // arrived) and hides the rest: the sign-up's event has another correlation id.
    await page.getByLabel('Correlation id').fill(course.metadata.correlationId);
    await page.getByText(/^\d+ of \d+ events$/).waitFor();
    const [shown, total] = ((await page.getByText(/^\d+ of \d+ events$/).textContent()) ?? '')
      .split(' ')
      .filter((word) => /^\d+$/.test(word))
      .map(Number);
    expect(shown).toBeGreaterThanOrEqual(1);
    expect(shown).toBeLessThan(total ?? 0);
    expect(await row.isVisible()).toBe(true);
    const correlations = await page.locator('table.events tbody tr td:nth-child(5)').allTextContents();
    expect(new Set(correlations)).toStrictEqual(new Set([course.metadata.correlationId.slice(0, 8)]));
    await screenshot('1-event-stream');
    await page.getByLabel('Correlation id').fill('');

    await page.getByRole('link', { name: 'Services' }).click();
    const certificates = page.getByRole('region', { name: 'certificate-service' });
    await certificates.waitFor();
    const text = await certificates.textContent();
    expect(text).toContain('course-completed on platform');
    expect(text).toContain('certificate-service-course-completed → certificate-service-course-completed-dlq');
    expect(text).toContain('batch 10, timeout 30 s, visibility 180 s, DLQ after 5 receives');
    expect(await page.getByRole('region', { name: 'APIs served on this port' }).textContent()).toContain(
      'platform-api',
    );
    await screenshot('1-services');
    expect(await accessibilityViolations()).toStrictEqual([]);
  }, 300_000);

  it('opens the trace of that completion and shows its certificate PDF and its emails', async () => {
    await page.goto(`${started.url}/console#/events`);
    const row = page.locator('tr', { hasText: 'sfe-console-test' }).first();
    await row.waitFor();
    // Follow the correlation link with the keyboard.
    await row.getByRole('link', { name: /^[0-9a-f]{8}$/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Trace / }).waitFor();

    // The certificate is made, then CertificateGenerated comes back through the stream and its email follows.
    const certificate = page.locator('summary', {
      // Keyed by certificate id, as certificate-service's download address finds it.
      hasText: /^Certificate PDF certificates\/[0-9a-f-]{36}\.pdf$/,
    });
    await certificate.waitFor();
    await page.locator('summary', { hasText: /certificate-ready/ }).waitFor();
    const kinds = await page
      .locator('.waterfall > li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
    expect(kinds).toContain('invocation');
    expect(kinds.filter((kind) => kind === 'event').length).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.waterfall').textContent()).toContain('CertificateGenerated v1');

    await certificate.click();
    const frame = page.locator('iframe.pdf');
    await frame.waitFor();
    const pdf = await page.request.get(
      new URL((await frame.getAttribute('src')) as string, started.url).href,
    );
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.body())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const email = page.locator('summary', { hasText: /certificate-ready/ });
    await email.focus();
    await page.keyboard.press('Enter');
    const body = page.frameLocator('iframe.email-body').first().locator('body');
    await body.waitFor();
    expect(await body.textContent()).toContain('Event-driven architecture');
    const rendered = page.locator('.email').first();
    expect(await rendered.locator('dd').nth(1).textContent()).toBe('ada@example.com');
    // Frames outside the viewport are not painted in a full-page capture: the email gets its own, in view.
    await page.locator('iframe.email-body').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, '2-email.png') });
    await screenshot('2-trace');
    expect(await accessibilityViolations()).toStrictEqual([]);

    // Its event page: the envelope's personal data redacted until revealed, and why each rule matched or not.
    await page.locator('.waterfall a', { hasText: 'CourseCompleted v2' }).click();
    const envelope = page.getByLabel('Event envelope');
    await envelope.waitFor();
    expect(await envelope.textContent()).not.toContain('ada@example.com');
    expect(await envelope.textContent()).toContain(REDACTED);
    await page.getByRole('button', { name: 'Reveal personal data' }).click();
    await page.getByRole('button', { name: 'Hide personal data' }).waitFor();
    await page.waitForFunction(
      "document.querySelector('pre.json')?.textContent?.includes('ada@example.com')",
    );
    const greeter = page.locator('tr', { hasText: 'flaky-greeter-signups' });
    expect(await greeter.locator('td').nth(2).textContent()).toBe('no');
    expect(await greeter.locator('td').nth(3).textContent()).toContain(
      'detail-type: "CourseCompleted" does not match ["UserSignedUp"]',
    );
    await screenshot('2-event');
  }, 300_000);

  it('shows a failing consumer dead letter with its error, and redrives it from the console', async () => {
    await page.goto(`${started.url}/console#/queues`);
    await page.getByRole('heading', { name: 'Queues and DLQs' }).waitFor();
    const signUp = signUpOf('Poison', 'sfe-console-test');
    const eventId = await putEvent(toPutEventsEntry(signUp, 'platform'));

    const letters = page.getByRole('region', { name: 'flaky-greeter-signups-dlq' });
    await letters.waitFor();
    // The error as logged: the name in it is personal data, so it is redacted.
    expect(await letters.textContent()).toContain(`TypeError: cannot greet ${REDACTED}`);
    expect(await letters.getByRole('link').getAttribute('href')).toBe(`#/event/${eventId}`);
    await screenshot('3-dead-letter');

    fix();
    await tabTo('Redrive flaky-greeter-signups-dlq');
    await page.keyboard.press('Enter');
    await page.getByText('Redrove 1 message from flaky-greeter-signups-dlq.').waitFor();
    await eventually(async () => (greeted.includes('Poison') ? true : undefined), WAIT_MS, 'Poison greeted');
    await letters.waitFor({ state: 'detached' });
    await page.getByText('No DLQ holds a message.').waitFor();
    await screenshot('3-redriven');
    expect(await accessibilityViolations()).toStrictEqual([]);

    // Replaying the archive's last hour sends the sign-up again, marked with the replay's name.
    await page.getByRole('button', { name: 'Replay' }).click();
    const replayed = await page.getByText(/^Replay replay-\d+: \d+ events? sent/).textContent();
    expect(Number(/: (\d+) event/.exec(replayed ?? '')?.[1])).toBeGreaterThanOrEqual(3);
    await page.getByRole('link', { name: 'Events' }).click();
    await page.locator(`tr[data-event-id="${eventId}"] .tag`).waitFor();

    // The event's trace tells the story: failed receives, the dead letter, then the redriven delivery.
    await page.goto(`${started.url}/console#/trace/${signUp.metadata.correlationId}`);
    await page.locator('.waterfall li.status-dead-lettered').first().waitFor();
    const steps = await page
      .locator('.waterfall > li', { hasText: 'flaky-greeter-signups' })
      .allTextContents();
    expect(steps.some((step) => step.includes('failed') && step.includes(`cannot greet ${REDACTED}`))).toBe(
      true,
    );
    expect(steps.at(-1)).toContain('flaky-greeter-signups (receive 1)');
  }, 300_000);

  it('tests a pattern against an event, saying why it does not match', async () => {
    await page.goto(`${started.url}/console#/pattern`);
    await page
      .getByLabel('Event pattern (JSON)')
      .fill('{"detail-type":["CourseCompleted"],"detail":{"metadata":{"version":[2]}}}');
    await page.getByRole('button', { name: 'Test pattern' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Does not match', { exact: true }).waitFor();
    expect(await page.locator('.result').textContent()).toContain(
      'detail.metadata.version: 1 does not match [2]',
    );
    await page.getByLabel('Event pattern (JSON)').fill('{"detail-type":[');
    await page.getByRole('button', { name: 'Test pattern' }).click();
    await page.locator('.result .error').waitFor();
    expect(await page.locator('.result .error').textContent()).toContain('Event pattern is not valid');
    await screenshot('4-pattern');
    expect(await accessibilityViolations()).toStrictEqual([]);
  }, 300_000);

  it('follows every business moment of `pnpm sfe scenario` from its printed trace link to its files', async () => {
    const lines: string[] = [];
    await runScenario(httpRuntimeAccess(started.url, data.directory), {
      write: (line) => lines.push(line),
      consoleUrl: `${started.url}/console`,
      runId: 'browser',
      timeoutMs: WAIT_MS,
    });
    const links = new Map(
      lines.flatMap((line) => {
        const found = /^ {2}(\S+) +(http:\/\/\S+#\/trace\/\S+)$/.exec(line);
        return found?.[1] && found[2] ? [[found[1], found[2]] as const] : [];
      }),
    );
    expect([...links.keys()]).toStrictEqual(['sign-up', 'enrol', 'pay', 'complete-course', 'upload-video']);
    // What a person should find at the end of each moment's trace (the enrolment routes to no rule today).
    const expected: Record<string, RegExp[]> = {
      'sign-up': [/^UserSignedUp v1$/, /welcome/],
      enrol: [/^CourseRegistered v1$/],
      pay: [/^CoursePaymentComplete v1$/, /receipt/],
      'complete-course': [
        /^CourseCompleted v2$/,
        /^Certificate PDF /,
        /course-completed/,
        /^CertificateGenerated v1$/,
        /certificate-ready/,
      ],
      'upload-video': [
        /^Object Created$/,
        /^Transcribe Job State Change$/,
        /^MediaConvert Job State Change$/,
        /^VideoPublished v1$/,
      ],
    };
    for (const [moment, link] of links) {
      await page.goto(link);
      const correlationId = link.slice(link.lastIndexOf('/') + 1);
      await page.getByRole('heading', { name: `Trace ${correlationId.slice(0, 8)}` }).waitFor();
      await page.locator('.waterfall').waitFor();
      const steps = await page.locator('.waterfall a, .waterfall summary').allTextContents();
      for (const pattern of expected[moment] ?? []) {
        expect(
          steps.some((step) => pattern.test(step.trim())),
          `${moment}: ${pattern} in ${steps.join(' | ')}`,
        ).toBe(true);
      }
      expect(await page.locator('.waterfall > li').first().getAttribute('data-kind')).toBe(
        moment === 'upload-video' ? 'event' : 'commit',
      );
      await screenshot(`5-trace-${moment}`);
    }
  }, 300_000);
});
