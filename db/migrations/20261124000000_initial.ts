import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('heartbeat_enabled', 'boolean', (c) => c.notNull())
    .addColumn('max_heartbeats_per_bot', 'integer', (c) => c.notNull())
    .addColumn('min_interval_minutes', 'integer', (c) => c.notNull())
    .addColumn('rate_limit_per_minute', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('plans')
    .values([
      {
        id: 'free',
        heartbeat_enabled: false,
        max_heartbeats_per_bot: 0,
        min_interval_minutes: 0,
        rate_limit_per_minute: 20,
      },
      {
        id: 'hobby',
        heartbeat_enabled: false,
        max_heartbeats_per_bot: 0,
        min_interval_minutes: 0,
        rate_limit_per_minute: 30,
      },
      {
        id: 'starter',
        heartbeat_enabled: true,
        max_heartbeats_per_bot: 3,
        min_interval_minutes: 15,
        rate_limit_per_minute: 60,
      },
      {
        id: 'pro',
        heartbeat_enabled: true,
        max_heartbeats_per_bot: 10,
        min_interval_minutes: 5,
        rate_limit_per_minute: 200,
      },
      {
        id: 'prime',
        heartbeat_enabled: true,
        max_heartbeats_per_bot: 20,
        min_interval_minutes: 5,
        rate_limit_per_minute: 600,
      },
    ])
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('billing_anchor', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('bots')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('instruction', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('heartbeat', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('bots_project_created').on('bots').columns(['project_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('members_project_created')
    .on('members')
    .columns(['project_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('heartbeats')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    // No foreign key to bots: deleting a bot marks its heartbeats deleted, and each row stays
    // until its workflow has been told to end (the reconciler retries while Temporal is down).
    .addColumn('bot_id', 'uuid', (c) => c.notNull())
    .addColumn('member_id', 'uuid', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('interval_minutes', 'integer')
    .addColumn('cron_pattern', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('active_hours_start', 'text')
    .addColumn('active_hours_end', 'text')
    .addColumn('active_days', 'text')
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('credit_budget', 'integer')
    .addColumn('max_consecutive_errors', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('anchor_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('synced_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('synced_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('idempotency_key', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('disabled'))
    .addColumn('paused_reason', 'text')
    .addColumn('consecutive_errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_period_start', 'timestamptz')
    .addColumn('execution_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_executed_at', 'timestamptz')
    .addColumn('last_status', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('heartbeats_one_cadence', sql`(interval_minutes is null) <> (cron_pattern is null)`)
    .execute();
  await db.schema
    .createIndex('heartbeats_bot')
    .on('heartbeats')
    .columns(['project_id', 'bot_id', 'created_at'])
    .execute();
  // Rows the workflow has not yet caught up with, for the reconciler.
  await sql`create index heartbeats_unsynced on heartbeats (updated_at)
    where synced_version < version or synced_enabled <> enabled or deleted_at is not null`.execute(db);
  await db.schema
    .createIndex('heartbeats_idempotency')
    .on('heartbeats')
    .columns(['project_id', 'idempotency_key'])
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();

  await db.schema
    .createTable('heartbeat_runs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('bot_id', 'uuid', (c) => c.notNull())
    .addColumn('heartbeat_id', 'uuid', (c) => c.notNull())
    .addColumn('member_id', 'uuid')
    .addColumn('run_key', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('missed_count', 'integer')
    .addColumn('prompt', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('error_message', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tokens_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('credits_charged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scheduled_for', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // Logs are read newest first per project, optionally narrowed by heartbeat, member or status;
  // stats aggregate a date range. The INCLUDE columns let stats run as an index-only scan.
  await sql`create index heartbeat_runs_project_time on heartbeat_runs
    (project_id, created_at desc, id desc)
    include (status, type, tokens_used, credits_charged, duration_ms)`.execute(db);
  await sql`create index heartbeat_runs_heartbeat_time on heartbeat_runs
    (project_id, heartbeat_id, created_at desc, id desc)`.execute(db);
  await sql`create index heartbeat_runs_member_time on heartbeat_runs
    (project_id, member_id, created_at desc, id desc) where member_id is not null`.execute(db);
  await sql`create index heartbeat_runs_status_time on heartbeat_runs
    (project_id, status, created_at desc, id desc)`.execute(db);

  // Daily totals per heartbeat, member, status and type, kept by the same transaction that
  // writes a run: stats and log totals read these instead of counting millions of rows.
  await db.schema
    .createTable('heartbeat_run_days')
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('bot_id', 'uuid', (c) => c.notNull())
    .addColumn('heartbeat_id', 'uuid', (c) => c.notNull())
    .addColumn('member_id', 'uuid')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('runs', 'integer', (c) => c.notNull())
    .addColumn('tokens', 'bigint', (c) => c.notNull())
    .addColumn('credits', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .execute();
  await sql`create unique index heartbeat_run_days_key on heartbeat_run_days
    (project_id, day, heartbeat_id, status, type, bot_id, member_id) nulls not distinct`.execute(db);

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('bot_id', 'uuid', (c) => c.notNull())
    .addColumn('heartbeat_id', 'uuid')
    .addColumn('member_id', 'uuid')
    .addColumn('notification_key', 'text', (c) => c.notNull().unique())
    .addColumn('run_key', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('delivery_status', 'text', (c) => c.notNull().defaultTo('stored'))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index notifications_project_time on notifications (project_id, created_at desc, id desc)`.execute(
    db,
  );

  await db.schema
    .createTable('bot_tools')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('bot_id', 'uuid', (c) => c.notNull().references('bots.id').onDelete('cascade'))
    .addColumn('server_label', 'text', (c) => c.notNull())
    .addColumn('server_url', 'text', (c) => c.notNull())
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'bot_tools',
    'notifications',
    'heartbeat_runs',
    'heartbeats',
    'members',
    'bots',
    'api_keys',
    'projects',
    'plans',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
