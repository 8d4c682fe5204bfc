import { sql, type Kysely } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.

/**
 * A scheduled run that waits in the worker until it is due (activities/waiting-run.ts) claims its
 * start here, and the workflow withdraws it here: whichever row comes first for the pair (run key,
 * token) decides, so a withdrawn run never starts and a started one is never taken for withdrawn.
 * A claim goes when its run ends; a withdrawal when the withdrawn run wakes and reads it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table run_claims (
      run_key text not null,
      token text not null,
      withdrawn boolean not null,
      created_at timestamptz not null default now(),
      primary key (run_key, token)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('run_claims').execute();
}
