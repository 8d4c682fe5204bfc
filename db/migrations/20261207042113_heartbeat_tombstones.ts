import type { Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * What stays of a deleted heartbeat once its row is gone: its id, so no stale copy of the row can
 * start its workflow again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('heartbeat_tombstones')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('heartbeat_tombstones').execute();
}
