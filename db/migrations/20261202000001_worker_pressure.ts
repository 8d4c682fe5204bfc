import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * How late each worker's runs start, as each worker reports it every few seconds: the API sheds
 * reads while runs are late. UNLOGGED: a figure seconds old is worth nothing after a crash.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unlogged table worker_pressure (
      worker_id text primary key,
      lateness_ms integer not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('worker_pressure').execute();
}
