/** SQL for bots: find, insert, update, delete, lock, count and page, and the profile a run reads. */
import type { Db } from '../client.js';
import type { Bot, BotUpdate, NewBot } from '../database.js';
import { countOf, pageRows, type Page, type PageRequest } from './pages.js';

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

export function countProjectBots(db: Db, projectId: string): Promise<number> {
  return countOf(db.selectFrom('bots').where('project_id', '=', projectId));
}

/** The project's bots, oldest first. */
export function pageBots(db: Db, projectId: string, req: PageRequest): Promise<Page<Bot>> {
  return pageRows(db, req, (q) => q.selectFrom('bots').where('project_id', '=', projectId));
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
