/**
 * Statements are prepared once per connection, on real PostgreSQL: what the server then keeps,
 * what happens when a migration changes a prepared statement's result under a live pool, and the
 * switch for poolers that cannot keep them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, DatabaseBusyError, type Db } from '../../db/client.js';

let db: Db;
let table: string;
beforeAll(async () => {
  db = createDb(inject('databaseUrl'), { max: 2 });
  table = `prepared_${randomUUID().replaceAll('-', '')}`;
  await sql`create table ${sql.table(table)} (a int)`.execute(db);
  await sql`insert into ${sql.table(table)} values (1), (2)`.execute(db);
});
afterAll(async () => {
  await sql`drop table if exists ${sql.table(table)}`.execute(db);
  await db?.destroy();
});

/** The statements this connection's session keeps prepared. */
const prepared = (conn: Db) =>
  sql<{ statement: string }>`select statement from pg_prepared_statements`
    .execute(conn)
    .then((r) => r.rows.map((x) => x.statement));

describe('prepared statements', () => {
  it('a statement with parameters is prepared on the connection that ran it, and runs again from there', async () => {
    await db.connection().execute(async (conn) => {
      const query = conn
        .selectFrom(table as never)
        .select(sql<number>`a`.as('a'))
        .where(sql`a`, '=', 2);
      expect(await query.execute()).toEqual([{ a: 2 }]);
      expect(await query.execute()).toEqual([{ a: 2 }]);
      expect((await prepared(conn)).filter((s) => s === query.compile().sql)).toHaveLength(1);
    });
  });

  it('a migration that changes a prepared result fails that statement once, retryably, and the next call answers with the new shape', async () => {
    await db.connection().execute(async (conn) => {
      const read = () =>
        conn
          .selectFrom(table as never)
          .selectAll()
          .where(sql`a`, '=', 1)
          .execute();
      expect(await read()).toEqual([{ a: 1 }]);
      // Another connection migrates while this one holds the statement prepared.
      await db.connection().execute(async (other) => {
        await sql`alter table ${sql.table(table)} add column b int default 7`.execute(other);
      });
      await expect(read()).rejects.toBeInstanceOf(DatabaseBusyError);
      expect(await read()).toEqual([{ a: 1, b: 7 }]);
    });
  });

  it('are not kept when switched off (a pooler that cannot keep them)', async () => {
    const plain = createDb(inject('databaseUrl'), { max: 1, preparedStatements: false });
    try {
      await plain.connection().execute(async (conn) => {
        expect(
          await conn
            .selectFrom(table as never)
            .select(sql<number>`a`.as('a'))
            .where(sql`a`, '=', 2)
            .execute(),
        ).toEqual([{ a: 2 }]);
        expect(await prepared(conn)).toEqual([]);
      });
    } finally {
      await plain.destroy();
    }
  });
});
