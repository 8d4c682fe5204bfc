import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * Request counts per project and window, shared by every API process (rate-limiter-flexible's
 * PostgreSQL store, in the shape that library reads and writes). UNLOGGED: a count is worth
 * less than the write-ahead log it would cost on every request, and after a crash the windows
 * simply start again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unlogged table rate_limits (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
