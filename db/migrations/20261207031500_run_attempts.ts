import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * What an attempt of a run in progress has done (reached the provider, spent, its outcome), for
 * the attempt after it when it was cut short. A scheduled run is a local activity, which has no
 * heartbeat details to carry this; only runs that last longer than half a second write here, and
 * the run's own row removes its note.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table run_attempts (
      run_key text primary key,
      details jsonb not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('run_attempts').execute();
}
