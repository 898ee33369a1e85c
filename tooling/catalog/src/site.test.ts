// The EventCatalog site `pnpm catalog` serves, in a real browser: built by @eventcatalog/core from the generated
// content, served by `eventcatalog preview`, opened in Debian's headless Chromium (driven by playwright-core).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@sfe/local-runtime';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consumer, consumersOf } from './routes';
import {
  buildEventCatalogSite,
  ensureEventCatalogInstalled,
  removeEventCatalogWorkingFolder,
  type ServedSite,
  serveEventCatalogSite,
} from './site';
import { loadCatalogSources } from './sources';
import { EVENTCATALOG_FOLDER, type WrittenCatalog, writeCatalog } from './write-catalog';

/** Debian's `chromium` package (`apt-get install chromium`; .ci/run installs it). */
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
if (!hasChromium && !inCi) {
  process.stderr.write(
    `site.test.ts: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium to run it). ` +
      'It never skips in CI.\n',
  );
}

const workspace = findWorkspaceRoot(import.meta.dirname) ?? import.meta.dirname;
/** Where the screenshot of the CourseCompleted page goes (kept after the test, to look at). */
const SCREENSHOT = join(workspace, '.sfe', 'catalog-screenshots', 'CourseCompleted.png');
/** EventCatalog's install, its build (3 minutes of CPU) and the preview, on a loaded two-core machine. */
const SETUP_TIMEOUT_MS = 45 * 60_000;
/** A page's first load fetches EventCatalog's scripts from a cold server: a minute or more on a loaded machine. */
const PAGE_TIMEOUT_MS = 5 * 60_000;

/** A port nothing listens on now, for the preview server. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  await new Promise((closed) => server.close(closed));
  if (address === null || typeof address === 'string') throw new Error('no TCP port for the preview');
  return address.port;
}

/** The services EventCatalog lists under "Consumers (n)" on an event's page (its own list, from `receives`). */
async function listedConsumers(page: Page): Promise<string[]> {
  const panel = page
    .locator('astro-island')
    .filter({ has: page.getByRole('button', { name: /^\s*Consumers \(\d+\)\s*$/ }) });
  await expect.poll(() => panel.count(), { timeout: 30_000 }).toBe(1);
  const links = await panel.getByRole('link').allInnerTexts();
  return links.map((text) => text.replace(/\s*\(v\d+\)\s*$/, '').trim()).sort();
}

/** The title EventCatalog gives an event version's page: `<name> (v<version>)`. */
async function pageTitle(page: Page): Promise<string> {
  return (await page.locator('#doc-page-header').textContent({ timeout: 30_000 })) ?? '';
}

const serviceNames = (consumers: readonly Consumer[]) => [...new Set(consumers.map((c) => c.service))].sort();

/** The services in the page's own "Consumers" table (the markdown the writer computed). */
async function tabledConsumers(page: Page): Promise<string[]> {
  const table = page
    .locator('table')
    .filter({ has: page.getByRole('columnheader', { name: 'subscription' }) });
  const rows = await table.locator('tbody tr').allInnerTexts();
  return rows.map((row) => row.split('\t')[0]?.trim() ?? '').sort();
}

describe.runIf(hasChromium || inCi)('the EventCatalog site, in Chromium', () => {
  let output: string;
  let project: string;
  let written: WrittenCatalog;
  let site: ServedSite | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!hasChromium) {
      throw new Error(
        `no Chromium at ${CHROMIUM}: CI must install Debian's chromium (.ci/run does), this test never skips there`,
      );
    }
    // Inside the workspace, as `pnpm catalog` writes it (.sfe/ is ignored by git).
    await mkdir(join(workspace, '.sfe'), { recursive: true });
    output = await mkdtemp(join(workspace, '.sfe', 'catalog-site-test-'));
    written = await writeCatalog(output, await loadCatalogSources());
    project = join(output, EVENTCATALOG_FOLDER);
    await ensureEventCatalogInstalled();
    await buildEventCatalogSite(project);
    site = await serveEventCatalogSite(project, await freePort());
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (project) await removeEventCatalogWorkingFolder(project);
    if (output) await rm(output, { recursive: true, force: true });
  }, 120_000);

  async function open(path: string): Promise<Page> {
    if (!browser || !site) throw new Error('the site is not up');
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(new URL(path, site.url).href, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    return page;
  }

  it(
    "shows CourseCompleted v2's computed consumers on its page",
    async () => {
      const page = await open('docs/events/CourseCompleted');
      // The event's page redirects to its latest version.
      await page.waitForURL(/\/docs\/events\/CourseCompleted\/2$/, { timeout: PAGE_TIMEOUT_MS });
      expect(await pageTitle(page)).toContain('CourseCompleted (v2)');

      const consumers = consumersOf(written.routes.routes, 'CourseCompleted', 2);
      const services = serviceNames(consumers);
      expect(services).toEqual(
        expect.arrayContaining(['certificate-service', 'email-service', 'reporting-service']),
      );
      expect(await listedConsumers(page)).toStrictEqual(services);
      // One row per subscription.
      expect(await tabledConsumers(page)).toStrictEqual(consumers.map((c) => c.service).sort());

      await mkdir(join(SCREENSHOT, '..'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(existsSync(SCREENSHOT)).toBe(true);
      await page.close();
    },
    PAGE_TIMEOUT_MS,
  );

  it(
    "shows v1's consumers without email-service, whose rule skips v1",
    async () => {
      const page = await open('docs/events/CourseCompleted/1');
      expect(await pageTitle(page)).toContain('CourseCompleted (v1)');
      const listed = await listedConsumers(page);
      expect(listed).toStrictEqual(serviceNames(consumersOf(written.routes.routes, 'CourseCompleted', 1)));
      expect(listed).toContain('certificate-service');
      expect(listed).not.toContain('email-service');
      await page.close();
    },
    PAGE_TIMEOUT_MS,
  );
});
