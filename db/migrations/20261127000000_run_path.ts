import { type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('heartbeats')
    // The next due time as the workflow plans it (with jitter), written with each run.
    .addColumn('next_run_at', 'timestamptz')
    // Spread each occurrence over up to this many seconds, deterministically per occurrence.
    .addColumn('jitter_seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('heartbeat_runs')
    // When the agent run began: nominal → started is the run's lateness.
    .addColumn('started_at', 'timestamptz')
    // The attempt that finished the run; earlier ones were cut short (a worker died, say).
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('interrupted_attempts', 'jsonb')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('heartbeat_runs')
    .dropColumn('interrupted_attempts')
    .dropColumn('attempts')
    .dropColumn('started_at')
    .execute();
  await db.schema.alterTable('heartbeats').dropColumn('jitter_seconds').dropColumn('next_run_at').execute();
}
