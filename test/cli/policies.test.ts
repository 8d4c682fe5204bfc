/** The `heartbeat` command and the schedule policies: set them, preview a clock change, list versions, see a run's. */
import { describe, expect, it } from 'vitest';
import { cliSuite } from '../helpers/cli.js';

const suite = cliSuite();
const cli = (...args: string[]) => suite.cli(...args);

describe('the heartbeat command and the schedule policies', () => {
  it('creates with policies, changes one, lists the versions and shows the version a run used', async () => {
    const created = await cli(
      '--json',
      'hb',
      'create',
      '--bot',
      suite.seed.botId,
      '--prompt',
      'Nightly',
      '--cron',
      '30 2 * * *',
      '--tz',
      'Europe/Berlin',
      '--missed-runs',
      'run_all',
      '--catch-up-window',
      '30',
      '--skipped-hour',
      'skip',
      '--overlap',
      'skip',
    );
    expect(created.code, created.stderr).toBe(0);
    const heartbeat = JSON.parse(created.stdout);
    expect(heartbeat).toMatchObject({
      missed_runs: 'run_all',
      catch_up_window_minutes: 30,
      dst_policy: { repeated_hour: 'first', skipped_hour: 'skip' },
      overlap: 'skip',
    });
    const updated = await cli('hb', 'update', heartbeat.uuid, '--bot', suite.seed.botId, '--repeated-hour', 'both');
    expect(updated.code, updated.stderr).toBe(0);
    expect((await cli('hb', 'trigger', heartbeat.uuid)).code).toBe(0);

    const versions = await cli('hb', 'versions', heartbeat.uuid);
    expect(versions.code, versions.stderr).toBe(0);
    const lines = versions.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^VERSION\s+CHANGE\s+WHEN\s+BY\s+VIA\s+SCHEDULE\s+PROMPT/);
    expect(lines[1]).toMatch(/^2\s+configured\s.+\sapi\s/);
    expect(lines[2]).toMatch(/^1\s+created\s.+\sapi\s/);

    const logs = await cli('logs', '--heartbeat', heartbeat.uuid);
    expect(logs.stdout.split('\n')[0]).toMatch(/^TIME\s+HEARTBEAT\s+VERSION\s+TYPE/);
    expect(logs.stdout.split('\n')[1]).toMatch(/\s2\s+manual\s/);

    const bad = await cli('hb', 'update', heartbeat.uuid, '--bot', suite.seed.botId, '--missed-runs', 'all');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('run_once, skip, run_all');
  });

  it('previews from a date, with the clock change and what the policy does that day', async () => {
    const out = await cli(
      'preview',
      '--bot',
      suite.seed.botId,
      '--cron',
      '30 2 * * *',
      '--tz',
      'Europe/Berlin',
      '--from',
      '2027-03-27T12:00:00Z',
      '--count',
      '2',
    );
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain('runs at 03:00 for 02:30, which the clocks skip this day');
    expect(out.stdout).toContain('Clock changes');
    expect(out.stdout).toContain('the 02:30 run runs at 03:00 instead (skipped_hour: shift)');
  });
});
