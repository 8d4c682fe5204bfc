/** SQL for a bot's connected MCP servers: list, count, insert, delete. */
import type { Db } from '../client.js';
import { countOf } from './pages.js';
import type { BotTool } from '../database.js';

/** A bot's connected MCP servers, in the order they were connected. */
export function listBotTools(db: Db, botId: string): Promise<BotTool[]> {
  return db.selectFrom('bot_tools').selectAll().where('bot_id', '=', botId).orderBy('created_at').execute();
}

export function countBotTools(db: Db, botId: string): Promise<number> {
  return countOf(db.selectFrom('bot_tools').where('bot_id', '=', botId));
}

export function insertBotTool(
  db: Db,
  values: {
    project_id: string;
    bot_id: string;
    server_label: string;
    server_url: string;
    headers: Record<string, string>;
  },
): Promise<BotTool> {
  return db
    .insertInto('bot_tools')
    .values({ ...values, headers: JSON.stringify(values.headers) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteBotTool(db: Db, projectId: string, toolId: string): Promise<BotTool | undefined> {
  return db
    .deleteFrom('bot_tools')
    .where('id', '=', toolId)
    .where('project_id', '=', projectId)
    .returningAll()
    .executeTakeFirst();
}
