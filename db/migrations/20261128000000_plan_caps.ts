import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/** What each plan allows beyond heartbeats: bots and members per project, MCP servers per bot. */
const CAPS: Record<string, { max_bots: number; max_members: number; max_tools_per_bot: number }> = {
  free: { max_bots: 5, max_members: 100, max_tools_per_bot: 3 },
  hobby: { max_bots: 10, max_members: 500, max_tools_per_bot: 5 },
  starter: { max_bots: 20, max_members: 1_000, max_tools_per_bot: 10 },
  pro: { max_bots: 50, max_members: 10_000, max_tools_per_bot: 20 },
  prime: { max_bots: 200, max_members: 100_000, max_tools_per_bot: 50 },
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('plans')
    .addColumn('max_bots', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('max_members', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('max_tools_per_bot', 'integer', (c) => c.notNull().defaultTo(3))
    .execute();
  for (const [id, caps] of Object.entries(CAPS)) await db.updateTable('plans').set(caps).where('id', '=', id).execute();
  // For development: one-minute heartbeats, so a first scheduled run comes within a minute.
  await db
    .insertInto('plans')
    .values({
      id: 'dev',
      heartbeat_enabled: true,
      max_heartbeats_per_bot: 100,
      min_interval_minutes: 1,
      rate_limit_per_minute: 1_000,
      max_bots: 50,
      max_members: 1_000,
      max_tools_per_bot: 20,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  // Idempotency keys: what a request with a key answered, replayed for 24 hours to a retry of it.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['project_id', 'scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();
  // Superseded by idempotency_keys, which keeps the answer and covers triggers too.
  await db.schema.alterTable('heartbeats').dropColumn('idempotency_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('heartbeats').addColumn('idempotency_key', 'text').execute();
  await db.schema.dropTable('idempotency_keys').execute();
  await db.deleteFrom('plans').where('id', '=', 'dev').execute();
  await db.schema
    .alterTable('plans')
    .dropColumn('max_bots')
    .dropColumn('max_members')
    .dropColumn('max_tools_per_bot')
    .execute();
}
