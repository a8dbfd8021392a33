import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { TOKENS, useApi } from '../support/api-server.js';
import { JP_KR_2019, recordScenario } from '../support/scenario.js';
import { useTestEnvironment } from '../support/test-environment.js';
import { useProjections } from '../support/worker.js';

const env = useTestEnvironment();
useProjections(env);
const api = useApi(env);

const D = JP_KR_2019.dispute.id;
const GSOMIA = 'jp-kr-gsomia';
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts');
const WAIT = { timeout: 10_000 };

/** The browser's complaints: script errors, CSP violations, failed loads. None is expected. */
const complaints: string[] = [];
let context: BrowserContext;
let page: Page;
let userDataDir: string;

const unique = Date.now().toString(36);
const dueAt = new Date(Date.now() + 40 * 86_400_000).toISOString();

/** A GET's status, its body read to the end (an unread body keeps the connection busy, and the API from closing). */
async function status(file: string): Promise<number> {
  const response = await fetch(`${api.url}${file}`);
  await response.arrayBuffer();
  return response.status;
}

function watch(p: Page) {
  p.on('pageerror', (error) => complaints.push(`pageerror: ${error.message}`));
  p.on('console', (message) => {
    if (message.type() === 'error') complaints.push(`console: ${message.text()}`);
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const position = await recordScenario(api);
  // An analyst's own deadline ahead, so the page has an alert schedule to show.
  const deadline = await api.post(`/disputes/${D}/developments`, {
    type: 'deadline_set',
    occurredAt: new Date().toISOString(),
    summary: `Export-control dialogue: next round due (${unique})`,
    title: 'Export-control dialogue: next round',
    dueAt,
    sources: [{ publisher: 'Dashboard test' }],
  });
  expect(deadline.status).toBe(201);
  expect((await api.get(`/disputes/${D}?minPosition=${Math.max(position, deadline.body.globalPosition)}`)).status).toBe(200);

  userDataDir = mkdtempSync(path.join(os.tmpdir(), 'dt-dashboard-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    viewport: { width: 1360, height: 1000 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    colorScheme: 'light',
  });
  page = context.pages()[0] ?? (await context.newPage());
  watch(page);
});

// Before the API closes (teardowns run last registered, first): an open page holds a change stream.
env.onTeardown(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

describe('the dashboard', () => {
  it('is served at / without a token, under a Content-Security-Policy, beside an API that still wants one', async () => {
    const index = await fetch(`${api.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('<script type="module" src="/app.js">');
    for (const file of ['/index.html', '/app.js', '/styles.css', '/vendor/uplot/uPlot.iife.min.js', '/vendor/uplot/uPlot.min.css']) {
      expect([file, await status(file)]).toEqual([file, 200]);
    }
    expect(await status('/vendor/uplot/uPlot.cjs.js')).toBe(404);
    expect(await status('/api/v1/disputes')).toBe(401);
    expect(await status('/health/live')).toBe(200);
  });

  it('takes the token from #token=, lists the dispute, and opens it: agreements, measures, deadlines, timeline, escalation', async () => {
    await page.goto(`${api.url}/#token=${TOKENS.viewer}`);
    // (Browser-side code is given as text: the repository's TypeScript has no DOM types.)
    await page.waitForFunction("!location.hash.includes('token')", undefined, WAIT);
    expect(await page.evaluate("sessionStorage.getItem('dispute-tracker.token')")).toBe(TOKENS.viewer);

    await page.locator(`a.dispute-card[data-id="${D}"]`).click(WAIT);
    await page.waitForURL(`**/?dispute=${D}`, WAIT);

    // GSOMIA with the status the API gives it.
    const gsomia = (await api.get(`/agreements/${GSOMIA}`)).body;
    const agreement = page.locator(`.agreement[data-id="${GSOMIA}"]`);
    await agreement.waitFor(WAIT);
    expect(await agreement.getAttribute('data-status')).toBe(gsomia.status);
    expect(await agreement.locator('.item-title').textContent()).toContain('GSOMIA');
    expect(await agreement.locator('.countdown').textContent()).not.toBe('');

    // The measures in force and the deadline ahead with its alert schedule.
    expect(await page.locator('#measures .measure').count()).toBeGreaterThan(0);
    const deadline = page.locator('.deadline').filter({ hasText: 'Export-control dialogue: next round' });
    await deadline.waitFor(WAIT);
    expect(await deadline.locator('table.alerts tbody tr').count()).toBeGreaterThanOrEqual(4);
    expect(await deadline.locator('.countdown').textContent()).toMatch(/^in \d+d /);

    // The timeline: every development, with its sources.
    const timeline = (await api.get(`/disputes/${D}/timeline?limit=500`)).body.items;
    await page.locator('.tl-item').nth(timeline.length - 1).waitFor(WAIT);
    expect(await page.locator('.tl-item').count()).toBe(timeline.length);
    expect(await page.locator('.tl-item .source .publisher').first().textContent()).toBeTruthy();

    // The escalation curve: a canvas with a daily series on it, drawn.
    const chart = page.locator('.chart[data-days]');
    await chart.waitFor(WAIT);
    expect(Number(await chart.getAttribute('data-days'))).toBeGreaterThan(300);
    expect(Number(await chart.getAttribute('data-max-level'))).toBeGreaterThan(50);
    const inked = await page.evaluate<number>(`(() => {
      const canvas = document.querySelector('.chart canvas');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
      return count;
    })()`);
    expect(inked).toBeGreaterThan(5_000);

    // A click on the curve picks that day (here about 22 Aug 2019, GSOMIA's notice): its contributors,
    // each matched to its development.
    const from = await page.locator('.range input[name="from"]').inputValue();
    const days = Number(await chart.getAttribute('data-days'));
    const target = (Date.parse('2019-08-22') - Date.parse(from)) / 86_400_000;
    const box = (await page.locator('.chart .u-over').boundingBox())!;
    await page.mouse.click(box.x + (box.width * target) / (days - 1), box.y + box.height / 2);
    await page.locator('.contributors-head .eyebrow', { hasText: 'Selected day' }).waitFor(WAIT);
    const day = (await page.locator('.contributors').getAttribute('data-day'))!;
    expect(Math.abs(Date.parse(day) - Date.parse('2019-08-22'))).toBeLessThanOrEqual(2 * 86_400_000);
    const reading = (await api.get(`/disputes/${D}/escalation?asOf=${day}T23:59:59.999Z`)).body;
    expect(reading.contributors.length).toBeGreaterThan(0);
    const rows = page.locator('.contributors-table tbody tr');
    await rows.first().waitFor(WAIT);
    expect(await rows.first().getAttribute('data-event-id')).toBe(reading.contributors[0].eventId);
    const summary = timeline.find((t: { eventId: string }) => t.eventId === reading.contributors[0].eventId).summary;
    expect(await rows.first().locator('.contributor-summary').textContent()).toBe(summary);
  });

  it('changes without a reload when a development is recorded, and strikes it through once retracted', async () => {
    await page.locator('#live[data-state="live"]').waitFor(WAIT);
    await page.evaluate('window.sameDocument = true'); // gone if the page reloads

    const summary = `Seoul lodges a formal protest as Japan's white-list removal takes effect (${unique})`;
    const written = await api.post(`/disputes/${D}/developments`, {
      type: 'protest',
      occurredAt: '2019-08-28',
      summary,
      actor: 'KR',
      target: 'JP',
      form: 'formal_protest',
      sources: [{ publisher: 'Dashboard test', title: 'A protest, recorded by the browser test', url: 'https://example.org/protest', quote: 'lodged a formal protest' }],
    });
    expect(written.status).toBe(201);

    const item = page.locator('.tl-item').filter({ hasText: summary });
    await item.waitFor(WAIT);
    expect(await page.evaluate('window.sameDocument')).toBe(true);
    expect(await item.locator('.direction').textContent()).toBe('KR → JP');
    expect(await item.locator('.source a').getAttribute('href')).toBe('https://example.org/protest');
    expect(await item.locator('blockquote').textContent()).toBe('lodged a formal protest');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-full.png'), fullPage: true });

    const retracted = await api.post(`/disputes/${D}/developments/${written.body.eventId}/retraction`, { reason: 'recorded by the browser test' });
    expect(retracted.status).toBe(201);
    await page.locator('.tl-item.retracted').filter({ hasText: summary }).locator('s.tl-summary').waitFor(WAIT);
    expect(await page.evaluate('window.sameDocument')).toBe(true);
  });

  it('asks for a token when it has none, and again when the token is refused', async () => {
    const fresh = await context.newPage(); // a new tab: its own sessionStorage
    watch(fresh);
    try {
      await fresh.goto(`${api.url}/`);
      const dialog = fresh.locator('#token-dialog[open]');
      await dialog.waitFor(WAIT);
      await fresh.fill('#token-input', 'not-a-valid-token');
      await fresh.press('#token-input', 'Enter');
      await fresh.locator('#token-error', { hasText: 'not accepted' }).waitFor(WAIT);
      await fresh.fill('#token-input', TOKENS.viewer);
      await fresh.press('#token-input', 'Enter');
      await fresh.locator(`a.dispute-card[data-id="${D}"]`).waitFor(WAIT);
      expect(await fresh.locator('#token-dialog[open]').count()).toBe(0);
    } finally {
      await fresh.close();
    }
    // The refused token's 401s are the only errors the browser saw.
    expect(complaints.filter((c) => !/401/.test(c))).toEqual([]);
  });
});
