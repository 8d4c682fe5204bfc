/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against the real
 * stack: sign in, create a heartbeat (a bad time zone first), preview it, trigger it and watch
 * the run reach the table and the chart, open the run, disable, delete. Screenshots of each page
 * are written to artifacts/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { issueApiKey } from '../../db/queries/api-keys.js';
import { createStack, seedProject, type Seed, type Stack } from '../helpers/stack.js';

const SHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;

let stack: Stack;
let seed: Seed;
let server: ServerType;
let base: string;
let browser: Browser;
let page: Page;
/** What the browser refused under the pages' content security policy: the pages must need nothing refused. */
const refused: string[] = [];
const watchPolicy = (p: Page) =>
  p.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(`${p.url()}: ${m.text()}`);
  });

beforeAll(async () => {
  // An operator's deployment that offers the Temporal Web UI (TEMPORAL_UI_URL).
  stack = await createStack({ app: { temporalUi: { url: 'http://127.0.0.1:8233', namespace: 'default' } } });
  seed = await seedProject(stack.db, 'dev');
  server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: inject('chromiumPath'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
  page = await browser.newPage({ viewport: DESKTOP });
  watchPolicy(page);
  // A busy machine is slow, never wrong: actions wait for what they need, within generous limits.
  page.setDefaultTimeout(30_000);
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await stack?.close();
});

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The page as it is now, at desktop width and at a phone's (`<name>-phone.png`). */
async function shot(name: string) {
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${SHOTS}${name}-phone.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
}

describe('the dashboard', () => {
  let heartbeatUrl: string;

  it('asks for the API key, refuses a wrong one, and signs in with the right one', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // The key alone: it names its project.
    expect(await page.getByLabel('Project id').count()).toBe(0);
    await page.getByLabel('API key').fill('hb_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
    await shot('01-sign-in-refused');

    await page.getByLabel('API key').fill(seed.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Heartbeats' }).waitFor();
    expect(await page.getByText('No heartbeats here yet').count()).toBe(1);
    expect(await page.locator('header .who').textContent()).toMatch(/^test .+ · full access$/);
  });

  it("shows the API's validation error beside the field, then previews and creates", async () => {
    await page.getByRole('link', { name: 'New heartbeat' }).click();
    await page.getByLabel('Prompt').fill('Summarise the overnight alerts');
    await page.getByLabel('Interval').fill('1');
    await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await page.getByRole('button', { name: 'Create heartbeat' }).click();
    const zone = page.getByLabel('Time zone');
    await expect.poll(() => zone.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#timezone-error').textContent()).toContain(
      '"Mars/Olympus_Mons" is not an IANA time zone',
    );
    expect(await page.getByLabel('Prompt').inputValue()).toBe('Summarise the overnight alerts');
    await shot('02-form-validation-error');

    await zone.fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Preview next runs' }).click();
    const preview = page.locator('#preview-result');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Every minute, Europe/Berlin');
    expect(await preview.locator('tbody tr').count()).toBe(10);
    // Local times carry the zone's real offset (Berlin is an hour or two ahead of UTC).
    expect(await preview.textContent()).toMatch(/\(UTC\+0[12]:00\)/);
    await shot('03-form-preview');

    await page.getByRole('button', { name: 'Create heartbeat' }).click();
    await page.getByText('Heartbeat created.').waitFor();
    heartbeatUrl = page.url();
    expect(await page.locator('.badge.active').first().textContent()).toBe('active');
    expect(await page.locator('#upcoming li').count()).toBe(5);
    const link = await page.getByRole('link', { name: 'Workflow in Temporal Web UI' }).getAttribute('href');
    expect(link).toMatch(/\/namespaces\/default\/workflows\/heartbeat-[0-9a-f-]{36}$/);
  });

  it('triggers a run: the result shows, and the run reaches the table and the chart', async () => {
    expect(await page.locator('#chart-runs').getAttribute('data-total')).toBe('0');
    await page.getByRole('button', { name: 'Trigger now' }).click();
    await page.locator('#trigger-outcome').waitFor();
    expect(await page.locator('#trigger-outcome').textContent()).toContain('Run success');
    // The runs section reloads itself when the run is recorded.
    await page.locator('#runs tbody tr').first().waitFor();
    // One vocabulary: the row shows the API's run type, and the filter sends it back as the API takes it.
    expect(await page.locator('#runs tbody tr').first().textContent()).toContain('manual');
    expect(await page.locator('#chart-runs').getAttribute('data-total')).toBe('1');
    expect(await page.locator('#chart-runs rect[data-series="success"]').count()).toBe(1);
    // The health panel follows: one run, its status, no error streak.
    const health = page.locator('section[aria-labelledby="health-heading"]');
    expect(await health.textContent()).toContain('1 (0 errors)');
    expect(await health.locator('.badge.success').count()).toBe(1);
    expect(Number(await page.locator('#chart-tokens').getAttribute('data-total'))).toBeGreaterThan(0);
    // Today is named on the charts' day axis.
    expect(await page.locator('#chart-runs svg text').allTextContents()).toContain('today');
    await shot('04-heartbeat-after-trigger');
    // What the run reported (the local provider reports nothing), the quiet rate, and the forecast beside the budget.
    expect(await page.locator('#chart-outcomes').getAttribute('data-total')).toBe('1');
    expect(await page.locator('#quiet-rate').textContent()).toContain('0 % nothing to report');
    expect(await page.locator('#credits-saved').textContent()).toContain(
      '0 skipped by the precheck, 0 ended by triage',
    );
    expect(await health.locator('#forecast').textContent()).toMatch(
      /^\d+ credits expected: \d+ more runs of \d+ at 1 a run$/,
    );
    await page.getByLabel('Type').selectOption('manual');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/type=manual/);
    expect(await page.locator('#runs tbody tr').count()).toBe(1);
    await page.locator('select[name=outcome]').selectOption('nothing_to_report');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/outcome=nothing_to_report/);
    expect(await page.getByText('No runs match.').count()).toBe(1);
    await page.locator('select[name=outcome]').selectOption('unreported');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/outcome=unreported/);
    expect(await page.locator('#runs tbody tr').count()).toBe(1);

    // On a phone each run is a card: every value on screen, the time on one line.
    await page.setViewportSize(PHONE);
    const cells = await page.locator('#runs tbody tr').first().locator('td').all();
    expect(cells.length).toBe(8);
    for (const cell of cells) {
      const box = await cell.boundingBox();
      if (box) expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    const time = (await page.locator('#runs tbody tr time').first().boundingBox())!;
    expect(time.height).toBeLessThan(30);
    await page.setViewportSize(DESKTOP);
  });

  it("opens a run's detail: prompt, response, tokens and its run key", async () => {
    await page.locator('#runs tbody tr a').first().click();
    await page.getByRole('heading', { name: /Manual run/ }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Summarise the overnight alerts');
    expect(text).toContain('[local provider: no model was called]');
    expect(text).toMatch(/Run key\s*[0-9a-f-]{36}:manual:/);
    await shot('06-run-detail');
  });

  it('edits, says it saved, and shows the window in day names', async () => {
    await page.goto(heartbeatUrl);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('From').fill('09:00');
    await page.getByLabel('Until').fill('17:00');
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await page.getByLabel(day, { exact: true }).check();
    // The agent options: an adaptive cadence that waits up to two hours, and only alarming runs notify.
    await page.getByLabel('Cadence').selectOption('adaptive');
    await page.getByLabel('Longest wait').fill('120');
    await page.getByLabel('Send notifications of').selectOption('needs_attention');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    const schedule = page.locator('section[aria-labelledby="schedule-heading"]');
    expect(await schedule.textContent()).toContain('09:00–17:00 Mon–Fri');
    expect(await schedule.textContent()).not.toContain('1,2,3,4,5');
    const agent = page.locator('section[aria-labelledby="agent-heading"]');
    expect(await agent.textContent()).toContain('adaptive, every 1 to 120 min');
    expect(await agent.textContent()).toContain('needs_attention runs’ only');
    await page.getByRole('link', { name: 'Edit' }).click();
    expect(await page.getByLabel('Cadence').inputValue()).toBe('adaptive');
    expect(await page.getByLabel('Longest wait').inputValue()).toBe('120');
    await page.goBack();
    await shot('05-heartbeat-saved');
  });

  it("lets a key be tried in the API docs without leaving it in the browser's storage", async () => {
    const docs = await browser.newPage({ viewport: DESKTOP });
    watchPolicy(docs);
    docs.setDefaultTimeout(30_000);
    await docs.goto(`${base}/docs`);
    await docs.locator('.btn.authorize').click();
    const modal = docs.locator('.modal-ux');
    await modal.getByLabel('auth-bearer-value').fill(seed.key);
    await modal.getByRole('button', { name: 'Apply credentials' }).click();
    await modal.getByRole('button', { name: 'Remove authorization' }).waitFor();
    await modal.getByRole('button', { name: 'Close' }).click();
    const stored = await docs.evaluate(() => JSON.stringify({ ...(globalThis as any).localStorage }));
    expect(stored).not.toContain(seed.key);
    // A reload forgets it: the key lives only as long as the page.
    await docs.reload();
    await docs.locator('.btn.authorize').waitFor();
    expect(await docs.locator('.btn.authorize.locked').count()).toBe(0);
    await docs.close();
  });

  it('runs no script but its own: an injected inline script does not run, and no page needed one', async () => {
    const answer = await page.goto(`${base}/`);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    const ran = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const script = doc.createElement('script');
      script.textContent = 'document.body.dataset.injected = "ran"';
      doc.body.append(script);
      return doc.body.dataset.injected === 'ran';
    });
    expect(ran).toBe(false);
    expect(refused.filter((r) => !r.includes('inline script'))).toEqual([]);
    expect(refused).toHaveLength(1); // the injected script, refused
  });

  it('keeps the nav on an error page', async () => {
    const answer = await page.goto(`${base}/heartbeats/00000000-0000-4000-8000-000000000000`);
    expect(answer?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Bots' }).count()).toBe(1);
    await shot('10-not-found');
  });

  it('disables, then deletes after asking', async () => {
    await page.goto(heartbeatUrl);
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    expect(await page.locator('.badge.disabled').first().textContent()).toBe('disabled');

    await page.getByRole('link', { name: 'Delete…' }).click();
    await page.getByRole('heading', { name: 'Delete this heartbeat?' }).waitFor();
    await shot('07-confirm-delete');
    await page.getByRole('button', { name: 'Delete heartbeat' }).click();
    await page.getByText('Heartbeat deleted.').waitFor();
    expect(await page.locator('tr[data-heartbeat]').count()).toBe(0);
  });

  it("lists the project's heartbeats with their state, schedule and credits", async () => {
    for (const [prompt, every] of [
      ['Check the inbox', '5'],
      ['Post the daily digest', '60'],
    ] as const) {
      await page.goto(`${base}/heartbeats/new`);
      await page.getByLabel('Prompt').fill(prompt);
      await page.getByLabel('Interval').fill(every);
      await page.getByLabel('Credit budget').fill('500');
      await page.getByRole('button', { name: 'Create heartbeat' }).click();
      await page.getByText('Heartbeat created.').waitFor();
    }
    // A second "Check the inbox", waiting for a window that opens in two hours.
    const opens = (new Date().getUTCHours() + 2) % 24;
    await page.goto(`${base}/heartbeats/new`);
    await page.getByLabel('Prompt').fill('Check the inbox');
    await page.getByLabel('Interval').fill('5');
    await page.getByLabel('From').fill(`${String(opens).padStart(2, '0')}:00`);
    await page.getByLabel('Until').fill(`${String((opens + 1) % 24).padStart(2, '0')}:00`);
    await page.getByRole('button', { name: 'Create heartbeat' }).click();
    await page.getByText('Heartbeat created.').waitFor();

    await page.goto(`${base}/`);
    const rows = page.locator('tr[data-heartbeat]');
    expect(await rows.count()).toBe(3);
    // Two rows with one prompt are told apart by their id.
    const inbox = await rows.filter({ hasText: 'Check the inbox' }).allTextContents();
    expect(inbox).toHaveLength(2);
    expect(inbox[0]).not.toBe(inbox[1]);
    const waiting = page.locator('.badge.waiting_for_window');
    expect(await waiting.textContent()).toContain('waiting for window');
    expect(await waiting.evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor)).not.toBe(
      'rgba(0, 0, 0, 0)',
    );
    expect(await rows.nth(1).textContent()).toContain('Every 60 minutes, UTC');
    expect(await rows.nth(1).textContent()).toContain('0 / 500');
    await shot('08-heartbeat-list');
  });

  it("sets a bot's webhook and alerts, and shows its signing secret once", async () => {
    await page.goto(`${base}/bots`);
    await page.getByLabel('Webhook URL').fill('not a url');
    await page.getByLabel('a run failed').check();
    await page.getByLabel('a heartbeat paused itself after errors in a row').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByLabel('Webhook URL').getAttribute('aria-invalid')).toBe('true');
    // What was typed and ticked is still there beside the error.
    expect(await page.getByLabel('Webhook URL').inputValue()).toBe('not a url');
    expect(await page.getByLabel('a run failed').isChecked()).toBe(true);
    await page.getByLabel('Webhook URL').fill('http://127.0.0.1:9/hooks');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('#webhook-secret').waitFor();
    expect(await page.locator('#webhook-secret').textContent()).toMatch(/.{20,}/);
    expect(await page.getByLabel('a run failed').isChecked()).toBe(true);
    const bot = await stack.db
      .selectFrom('bots')
      .select('alert_events')
      .where('id', '=', seed.botId)
      .executeTakeFirstOrThrow();
    expect(bot.alert_events.sort()).toEqual(['heartbeat.auto_paused', 'run.failed']);
    await shot('09-bots');

    // A save that sets no new webhook says so too.
    await page.getByLabel('a run failed').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved Bot.').waitFor();
  });

  it('offers a read-only key no action it cannot take, and the server still refuses them', async () => {
    const reader = await issueApiKey(stack.db, seed.projectId, 'reader', { scope: 'heartbeats:read', bot_id: null });
    const other = await stack.db
      .insertInto('bots')
      .values({ project_id: seed.projectId, name: 'Other', model: 'm', instruction: '', heartbeat: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const bound = await issueApiKey(stack.db, seed.projectId, 'bound', { scope: 'heartbeats:write', bot_id: other.id });
    const context = await browser.newContext({ viewport: DESKTOP });
    const as = await context.newPage();
    as.setDefaultTimeout(30_000);
    const signInAs = async (key: string) => {
      await as.goto(`${base}/sign-in`);
      await as.getByLabel('API key').fill(key);
      await as.getByRole('button', { name: 'Sign in' }).click();
      await as.getByRole('heading', { name: 'Heartbeats' }).waitFor();
    };
    const actions = ['Trigger now', 'Disable', 'Enable', 'Edit', 'Delete…'];
    const offered = async () => {
      const names = [
        ...(await as.getByRole('button').allTextContents()),
        ...(await as.locator('main a.button').allTextContents()),
      ].map((t) => t.trim());
      return actions.filter((a) => names.includes(a));
    };

    await signInAs(reader.key);
    expect(await as.locator('tr[data-heartbeat]').count()).toBe(3);
    expect(await as.getByRole('link', { name: 'New heartbeat' }).count()).toBe(0);
    await as.locator('tr[data-heartbeat] a').first().click();
    await as.locator('#upcoming').waitFor();
    expect(await offered()).toEqual([]);
    // Sent anyway (a form kept from before, a crafted request), the action is refused.
    const refused = await as.evaluate(async (path) => {
      const res = await fetch(`${path}/disable`, { method: 'POST' });
      return { status: res.status, text: await res.text() };
    }, new URL(as.url()).pathname);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('read-only');
    await as.reload();
    expect(await as.locator('.badge.disabled').count()).toBe(0);
    await as.goto(`${base}/bots`);
    expect(await as.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await as.locator('main').textContent()).toContain('cannot change bots');
    await as.screenshot({ path: `${SHOTS}11-read-only-bots.png`, fullPage: true });

    // A key bound to another bot may create heartbeats, but has no actions on this bot's.
    await as.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(bound.key);
    expect(await as.getByRole('link', { name: 'New heartbeat' }).count()).toBe(1);
    await as.locator('tr[data-heartbeat] a').first().click();
    await as.locator('#upcoming').waitFor();
    expect(await offered()).toEqual([]);
    await context.close();
  });
});
