/** A bot's connected MCP servers: list, connect (within the plan's cap) and disconnect. */
import { anyApiKey, type KeyOwner } from '../../db/queries/api-keys.js';
import { lockBot } from '../../db/queries/bots.js';
import { countBotTools, deleteBotTool, insertBotTool, listBotTools } from '../../db/queries/tools.js';
import { manageProject, requireAccess, requireUnderCap } from '../access.js';
import type { ServiceDeps } from '../deps.js';
import { ApiError, invalidField } from '../errors.js';
import type { ConnectToolBody } from '../routes/tools/schemas.js';
import { loadBot } from './bots.js';
import { requireAllowedUrl } from './outbound.js';

export async function listTools(deps: ServiceDeps, owner: KeyOwner, botId: string) {
  const bot = await loadBot(deps, owner.project.id, botId);
  return listBotTools(deps.db, bot.id);
}

/** The shape of this service's API keys (`hb_` and 24 bytes, base64url), wherever they stand in a value. */
const API_KEY = /hb_[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g;

/**
 * A heartbeat's run never holds an API key of this service: a tool that carried one would let the
 * bot's agent manage heartbeats (its own included) through /mcp or the REST API. A run changes its
 * own schedule only by what it reports.
 */
async function refuseApiKeys(deps: ServiceDeps, headers: Record<string, string>) {
  for (const [name, value] of Object.entries(headers)) {
    if (await anyApiKey(deps.db, value.match(API_KEY) ?? [])) {
      throw invalidField(
        `headers.${name}`,
        'heartbeat_api_key',
        "must not carry this service's API key: a heartbeat's run never holds one",
      );
    }
  }
}

export async function connectTool(deps: ServiceDeps, owner: KeyOwner, body: ConnectToolBody) {
  requireAccess(owner, manageProject);
  const bot = await loadBot(deps, owner.project.id, body.bot_id);
  await requireAllowedUrl(deps, 'server_url', body.server_url);
  await refuseApiKeys(deps, body.headers ?? {});
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
      headers: Object.fromEntries(
        Object.entries(body.headers ?? {}).map(([k, v]) => [k, deps.secrets.seal(v, 'mcp_header')]),
      ),
    });
  });
}

export async function disconnectTool(deps: ServiceDeps, owner: KeyOwner, toolId: string) {
  requireAccess(owner, manageProject);
  const row = await deleteBotTool(deps.db, owner.project.id, toolId);
  if (!row) throw new ApiError('tool_not_found', 'No tool with that tool_id in this project.');
  return row;
}
