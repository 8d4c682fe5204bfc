import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * What an API key may do (`full`, as every key before this; `heartbeats:write`; `heartbeats:read`)
 * and, for a write key, the one bot whose heartbeats it may change; and on each heartbeat, the
 * surface its last change came through (`api`, `mcp`, `dashboard`; null before this was recorded).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('api_keys')
    .addColumn('scope', 'text', (c) =>
      c
        .notNull()
        .defaultTo('full')
        .check(sql`scope in ('full', 'heartbeats:write', 'heartbeats:read')`),
    )
    // No foreign key: a key bound to a deleted bot stays bound to it (and so changes nothing),
    // rather than losing the binding and reaching every bot.
    .addColumn('bot_id', 'uuid')
    .execute();
  await db.schema.alterTable('heartbeats').addColumn('updated_via', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('heartbeats').dropColumn('updated_via').execute();
  await db.schema.alterTable('api_keys').dropColumn('bot_id').dropColumn('scope').execute();
}
