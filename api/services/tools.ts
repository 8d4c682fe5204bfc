/** A bot's connected MCP servers: list, connect (within the plan's cap) and disconnect. */
import type { KeyOwner } from '../../db/queries/api-keys.js';
import { lockBot } from '../../db/queries/bots.js';
import { countBotTools, deleteBotTool, insertBotTool, listBotTools } from '../../db/queries/tools.js';
import { manageProject, requireAccess, requireUnderCap } from '../access.js';
import type { ServiceDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { ConnectToolBody } from '../routes/tools/schemas.js';
import { loadBot } from './bots.js';
import { requireAllowedUrl } from './outbound.js';

export async function listTools(deps: ServiceDeps, owner: KeyOwner, botId: string) {
  const bot = await loadBot(deps, owner.project.id, botId);
  return listBotTools(deps.db, bot.id);
}

export async function connectTool(deps: ServiceDeps, owner: KeyOwner, body: ConnectToolBody) {
  requireAccess(owner, manageProject);
  const bot = await loadBot(deps, owner.project.id, body.bot_id);
  await requireAllowedUrl(deps, 'server_url', body.server_url);
  return deps.db.transaction().execute(async (trx) => {
    await lockBot(trx, bot.id);
    await requireUnderCap(
      owner,
      'max_tools_per_bot',
      countBotTools(trx, bot.id),
      'tool_limit_reached',
      'MCP servers per bot',
    );
    return insertBotTool(trx, {
      project_id: owner.project.id,
      bot_id: bot.id,
      server_label: body.server_label,
      server_url: body.server_url,
      // Header values are secrets: sealed before they are stored; only their names are ever shown.
      headers: Object.fromEntries(Object.entries(body.headers ?? {}).map(([k, v]) => [k, deps.secrets.seal(v)])),
    });
  });
}

export async function disconnectTool(deps: ServiceDeps, owner: KeyOwner, toolId: string) {
  requireAccess(owner, manageProject);
  const row = await deleteBotTool(deps.db, owner.project.id, toolId);
  if (!row) throw new ApiError('tool_not_found', 'No tool with that tool_id in this project.');
  return row;
}
