import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * A heartbeat found stalled from outside its workflow (its next run long overdue with nothing
 * recorded, or its workflow gone): when, and why. Cleared by the workflow's next status write and
 * by any change. The index serves the reconciler's look for overdue heartbeats not yet stalled.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('heartbeats')
    .addColumn('stalled_at', 'timestamptz')
    .addColumn('stall_reason', 'text')
    .execute();
  await db.schema
    .createIndex('heartbeats_stall_watch')
    .on('heartbeats')
    .column('next_run_at')
    .where(sql.ref('enabled'), '=', true)
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('stalled_at'), 'is', null)
    .execute();
  // And the count of stalled heartbeats each pass reports as a metric.
  await db.schema
    .createIndex('heartbeats_stalled')
    .on('heartbeats')
    .column('stalled_at')
    .where(sql.ref('stalled_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('heartbeats_stalled').execute();
  await db.schema.dropIndex('heartbeats_stall_watch').execute();
  await db.schema.alterTable('heartbeats').dropColumn('stalled_at').dropColumn('stall_reason').execute();
}
