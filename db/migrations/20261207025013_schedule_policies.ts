import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * Each heartbeat's schedule policies, defaulting to what every heartbeat did before them: missed
 * runs (`run_once`, and the age a `run_all` catch-up may reach), daylight saving (`first`,
 * `shift`) and manual triggers during a run (`queue`); and on each run, the configuration version
 * it ran with (null on runs recorded before).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('heartbeats')
    .addColumn('missed_runs', 'text', (c) =>
      c
        .notNull()
        .defaultTo('run_once')
        .check(sql`missed_runs in ('run_once', 'skip', 'run_all')`),
    )
    .addColumn('catch_up_window_minutes', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(60)
        .check(sql`catch_up_window_minutes between 1 and 1440`),
    )
    .addColumn('dst_repeated_hour', 'text', (c) =>
      c
        .notNull()
        .defaultTo('first')
        .check(sql`dst_repeated_hour in ('first', 'both')`),
    )
    .addColumn('dst_skipped_hour', 'text', (c) =>
      c
        .notNull()
        .defaultTo('shift')
        .check(sql`dst_skipped_hour in ('shift', 'skip')`),
    )
    .addColumn('overlap', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queue')
        .check(sql`overlap in ('queue', 'skip')`),
    )
    .execute();
  await db.schema.alterTable('heartbeat_runs').addColumn('config_version', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('heartbeat_runs').dropColumn('config_version').execute();
  await db.schema
    .alterTable('heartbeats')
    .dropColumn('missed_runs')
    .dropColumn('catch_up_window_minutes')
    .dropColumn('dst_repeated_hour')
    .dropColumn('dst_skipped_hour')
    .dropColumn('overlap')
    .execute();
}
