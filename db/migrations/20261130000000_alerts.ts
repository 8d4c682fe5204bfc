import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/** Alert subscriptions per bot, and the alerts raised (once per key) with their delivery status. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('bots')
    .addColumn('alert_events', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('bot_id', 'uuid', (c) => c.notNull())
    .addColumn('heartbeat_id', 'uuid', (c) => c.notNull())
    .addColumn('alert_key', 'text', (c) => c.notNull().unique())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('run_key', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('delivery_status', 'text', (c) => c.notNull().defaultTo('stored'))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index alerts_project_time on alerts (project_id, created_at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alerts').execute();
  await db.schema.alterTable('bots').dropColumn('alert_events').execute();
}
