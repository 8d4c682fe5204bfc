import type { Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/** The tools each run called (name, whether it answered without error, how long it took). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('heartbeat_runs').addColumn('tool_calls', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('heartbeat_runs').dropColumn('tool_calls').execute();
}
