import type { KeyOwner } from '../../db/queries/api-keys.js';
import { deleteBotTool, insertBotTool, listBotTools } from '../../db/queries/tools.js';
import type { ServiceDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { ConnectToolBody } from '../routes/tools/schemas.js';
import { loadBot } from './bots.js';

export async function listTools(deps: ServiceDeps, owner: KeyOwner, botId: string) {
  const bot = await loadBot(deps, owner.project.id, botId);
  return listBotTools(deps.db, bot.id);
}

export async function connectTool(deps: ServiceDeps, owner: KeyOwner, body: ConnectToolBody) {
  const bot = await loadBot(deps, owner.project.id, body.bot_id);
  return insertBotTool(deps.db, {
    project_id: owner.project.id,
    bot_id: bot.id,
    server_label: body.server_label,
    server_url: body.server_url,
    headers: body.headers ?? {},
  });
}

export async function disconnectTool(deps: ServiceDeps, owner: KeyOwner, toolId: string) {
  const row = await deleteBotTool(deps.db, owner.project.id, toolId);
  if (!row) throw new ApiError('tool_not_found', 'No tool with that tool_id in this project.');
  return row;
}
