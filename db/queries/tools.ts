/** SQL for a bot's connected MCP servers: list, count, insert, delete. */
import type { Db } from '../client.js';
import type { BotTool } from '../database.js';

/** A bot's connected MCP servers, in the order they were connected. */
export function listBotTools(db: Db, botId: string): Promise<BotTool[]> {
  return db.selectFrom('bot_tools').selectAll().where('bot_id', '=', botId).orderBy('created_at').execute();
}

export async function countBotTools(db: Db, botId: string): Promise<number> {
  const row = await db
    .selectFrom('bot_tools')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('bot_id', '=', botId)
    .executeTakeFirstOrThrow();
  return row.n;
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
