/**
 * Schedule policies on the dashboard, in a real browser against the real stack: set in the form,
 * previewed across a clock change from a chosen date, said in words on the heartbeat's page; the
 * versions page and a run's version; a stalled heartbeat shown as such.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';

const suite = browserSuite();

describe('schedule policies on the dashboard', () => {
  let heartbeatUrl: string;

  it('sets the policies in the form and previews next March from a chosen date', async () => {
    await suite.page.goto(`${suite.base}/heartbeats/new`);
    await suite.page.getByLabel('Prompt').fill('Nightly report');
    await suite.page.getByLabel('Cron pattern', { exact: true }).check();
    await suite.page.locator('#cron_pattern').fill('30 2 * * *');
    await suite.page.getByLabel('Time zone').fill('Europe/Berlin');
    await suite.page.getByLabel('Runs missed while down').selectOption('run_all');
    await suite.page.getByLabel('Catch up at most').fill('30');
    await suite.page.getByLabel('A time the clocks skip').selectOption('skip');
    await suite.page.getByLabel('Trigger during a run').selectOption('skip');
    await suite.page.getByLabel('Preview starting on this day').fill('2027-03-26');
    await suite.page.getByRole('button', { name: 'Preview next runs' }).click();
    const preview = suite.page.locator('#preview-result');
    await preview.waitFor();
    const firstRuns = await preview.locator('tbody tr').first().textContent();
    expect(firstRuns).toContain('2027-03-26 02:30 (UTC+01:00)');
    const changes = suite.page.getByRole('table', { name: 'Clock changes' });
    expect(await changes.textContent()).toContain('2027-03-28');
    expect(await changes.textContent()).toContain('the 02:30 run does not run this day (skipped_hour: skip)');

    await suite.page.getByRole('button', { name: 'Create heartbeat' }).click();
    await suite.page.getByText('Heartbeat created.').waitFor();
    heartbeatUrl = suite.page.url();
    const schedule = suite.page.locator('section[aria-labelledby="schedule-heading"]');
    expect(await schedule.textContent()).toContain('run each, oldest first, up to 30 min back');
    expect(await schedule.textContent()).toContain('skipped time: skip that day; repeated time: run at the first');
    expect(await schedule.textContent()).toContain('refuse the trigger');

    await suite.page.getByRole('link', { name: 'Edit' }).click();
    expect(await suite.page.getByLabel('Runs missed while down').inputValue()).toBe('run_all');
    expect(await suite.page.getByLabel('A time the clocks skip').inputValue()).toBe('skip');
    expect(await suite.page.getByLabel('A time the clocks repeat').inputValue()).toBe('first');
    expect(await suite.page.getByLabel('Trigger during a run').inputValue()).toBe('skip');
  });

  it('lists the versions, and a run names the one it ran with', async () => {
    await suite.page.getByLabel('Prompt').fill('Nightly report, shorter');
    await suite.page.getByRole('button', { name: 'Save changes' }).click();
    await suite.page.getByText('Changes saved.').waitFor();
    await suite.page.getByRole('button', { name: 'Trigger now' }).click();
    await suite.page.locator('#trigger-outcome').waitFor();
    await suite.page.locator('#runs tbody tr a').first().waitFor();
    await suite.page.locator('#runs tbody tr a').first().click();
    await suite.page.getByRole('link', { name: 'configuration 2' }).click();
    expect(new URL(suite.page.url()).hash).toBe('#v2');
    const rows = suite.page.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Nightly report, shorter');
    expect(await rows.nth(0).textContent()).toContain('through the dashboard');
    expect(await rows.nth(1).textContent()).toContain('created');
  });

  it('shows a stalled heartbeat and why', async () => {
    const id = new URL(heartbeatUrl).pathname.split('/').at(-1)!;
    await suite.stack.db
      .updateTable('heartbeats')
      .set({ stalled_at: new Date(), stall_reason: 'its workflow was terminated at 2027-01-01T00:00:00.000Z' })
      .where('id', '=', id)
      .execute();
    await suite.page.goto(heartbeatUrl);
    expect(await suite.page.locator('.badge.stalled').first().textContent()).toBe('stalled');
    expect(await suite.page.getByText('its workflow was terminated at').first().isVisible()).toBe(true);
  });
});
