/** Every migration is registered, and the test database is at the latest schema. */
import { readdir } from 'node:fs/promises';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb } from '../../db/client.js';
import { migrations } from '../../db/migrations/index.js';

describe('migrations', () => {
  it('registers every migration file under its timestamped name', async () => {
    const files = (await readdir(new URL('../../db/migrations/', import.meta.url)))
      .filter((f) => /^\d{14}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(Object.keys(migrations).sort()).toEqual(files.sort());
  });

  it('has brought the test database to the latest schema, with the plans seeded', async () => {
    const db = createDb(inject('databaseUrl'));
    try {
      // The plans the migrations seed (other tests add plans of their own).
      const plans = await db
        .selectFrom('plans')
        .selectAll()
        .where('id', 'in', ['free', 'hobby', 'starter', 'pro', 'prime', 'dev'])
        .orderBy('rate_limit_per_minute')
        .execute();
      expect(
        plans.map((p) => [
          p.id,
          p.heartbeat_enabled,
          p.max_heartbeats_per_bot,
          p.min_interval_minutes,
          p.rate_limit_per_minute,
        ]),
      ).toEqual([
        ['free', false, 0, 0, 20],
        ['hobby', false, 0, 0, 30],
        ['starter', true, 3, 15, 60],
        ['pro', true, 10, 5, 200],
        ['prime', true, 20, 5, 600],
        // For development: a first scheduled run within a minute.
        ['dev', true, 100, 1, 1000],
      ]);
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
      expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    } finally {
      await db.destroy();
    }
  });
});
