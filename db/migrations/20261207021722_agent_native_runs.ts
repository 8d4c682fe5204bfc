import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * Agent-native runs: what a run reports (its outcome, a summary, when to look again), how it was
 * kept cheap (precheck, triage), a heartbeat's delivery, cost and cadence options, and notifications
 * kept but not sent. The daily totals count outcomes and savings in columns of their own, so their
 * key (and the run write's ON CONFLICT) stays as it was.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('heartbeat_runs')
    .addColumn('outcome', 'text')
    .addColumn('summary', 'text')
    .addColumn('next_check_in_minutes', 'integer')
    // Set when a triage model ran first: whether the run went on to the full model.
    .addColumn('escalated', 'boolean')
    .addColumn('triage_tokens_used', 'integer')
    // What the precheck answered (changed, unchanged, ignored) and why it was ignored.
    .addColumn('precheck', 'text')
    .addColumn('precheck_note', 'text')
    .execute();
  // Only rows with an outcome are indexed: runs that report none cost no index write.
  await sql`create index heartbeat_runs_outcome_time on heartbeat_runs
    (project_id, outcome, created_at desc, id desc) where outcome is not null`.execute(db);

  await db.schema
    .alterTable('heartbeat_run_days')
    .addColumn('nothing_to_report', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('needs_attention', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('precheck_skips', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('triage_ends', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('triage_credits', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .alterTable('heartbeats')
    .addColumn('notify_policy', 'text', (c) => c.notNull().defaultTo('unless_quiet'))
    .addColumn('precheck_url', 'text')
    .addColumn('triage_model', 'text')
    .addColumn('model', 'text')
    .addColumn('max_credits_per_run', 'integer')
    .addColumn('cadence', 'text', (c) => c.notNull().defaultTo('fixed'))
    .addColumn('max_interval_minutes', 'integer')
    .addColumn('context', 'text', (c) => c.notNull().defaultTo('today'))
    .addColumn('context_runs', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('context_token_limit', 'integer')
    // Why the next run is when it is, for an adaptive heartbeat.
    .addColumn('next_run_reason', 'text')
    .execute();

  await db.schema
    .alterTable('notifications')
    .addColumn('suppressed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('suppressed').execute();
  await db.schema
    .alterTable('heartbeats')
    .dropColumn('notify_policy')
    .dropColumn('precheck_url')
    .dropColumn('triage_model')
    .dropColumn('model')
    .dropColumn('max_credits_per_run')
    .dropColumn('cadence')
    .dropColumn('max_interval_minutes')
    .dropColumn('context')
    .dropColumn('context_runs')
    .dropColumn('context_token_limit')
    .dropColumn('next_run_reason')
    .execute();
  await db.schema
    .alterTable('heartbeat_run_days')
    .dropColumn('nothing_to_report')
    .dropColumn('progress')
    .dropColumn('needs_attention')
    .dropColumn('precheck_skips')
    .dropColumn('triage_ends')
    .dropColumn('triage_credits')
    .execute();
  await sql`drop index heartbeat_runs_outcome_time`.execute(db);
  await db.schema
    .alterTable('heartbeat_runs')
    .dropColumn('outcome')
    .dropColumn('summary')
    .dropColumn('next_check_in_minutes')
    .dropColumn('escalated')
    .dropColumn('triage_tokens_used')
    .dropColumn('precheck')
    .dropColumn('precheck_note')
    .execute();
}
