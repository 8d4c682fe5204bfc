/** SQL for bots: find, insert, update, delete, lock, count and page, and the profile a run reads. */
import type { Db } from '../client.js';
import type { Bot, BotUpdate, NewBot } from '../database.js';
import { pageOf, pageWindow, type Page, type PageRequest } from './pages.js';

/** A bot of the project, or undefined (another project's bot is indistinguishable from none). */
export function findBot(db: Db, projectId: string, botId: string): Promise<Bot | undefined> {
  return db
    .selectFrom('bots')
    .selectAll()
    .where('id', '=', botId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export function insertBot(db: Db, values: NewBot): Promise<Bot> {
  return db.insertInto('bots').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateBot(db: Db, botId: string, changes: BotUpdate): Promise<Bot> {
  return db.updateTable('bots').set(changes).where('id', '=', botId).returningAll().executeTakeFirstOrThrow();
}

export async function deleteBot(db: Db, botId: string): Promise<void> {
  await db.deleteFrom('bots').where('id', '=', botId).execute();
}

/**
 * Locks a bot row until the transaction ends: serialises concurrent creates against its caps.
 * FOR NO KEY UPDATE: it does not wait for rows that merely reference the bot.
 */
export async function lockBot(trx: Db, botId: string): Promise<void> {
  await trx.selectFrom('bots').select('id').where('id', '=', botId).forNoKeyUpdate().execute();
}

export async function countProjectBots(db: Db, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('bots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The project's bots, oldest first. */
export function pageBots(db: Db, projectId: string, req: PageRequest): Promise<Page<Bot>> {
  const { limit, offset } = pageWindow(req);
  return pageOf(
    db,
    req,
    (q) =>
      q
        .selectFrom('bots')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute(),
    (q) =>
      q
        .selectFrom('bots')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow()
        .then((r) => r.n),
  );
}

/** What an agent run needs of its bot. */
export function agentProfile(db: Db, projectId: string, botId: string) {
  return db
    .selectFrom('bots')
    .select(['model', 'instruction'])
    .where('id', '=', botId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}
