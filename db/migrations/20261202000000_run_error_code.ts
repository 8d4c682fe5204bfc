import type { Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/** A stable code for a run's error where there is one (a run stopped at its credit limit). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('heartbeat_runs').addColumn('error_code', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('heartbeat_runs').dropColumn('error_code').execute();
}
