import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * Each configuration a heartbeat has had: its version, what the change was, who made it (the API
 * key) and through which surface, and the configuration as the API showed it. They go with the
 * heartbeat; its runs keep the version they ran with.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('heartbeat_versions')
    .addColumn('heartbeat_id', 'uuid', (c) => c.notNull().references('heartbeats.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('project_id', 'uuid', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('via', 'text')
    .addColumn('key_id', 'uuid')
    .addColumn('key_prefix', 'text')
    .addColumn('key_name', 'text')
    .addColumn('configuration', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('heartbeat_versions_pk', ['heartbeat_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('heartbeat_versions').execute();
}
