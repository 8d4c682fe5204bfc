/** Bot management: create, read, page, update (heartbeat flag, webhook, alerts) and delete a project's bots. */
import { randomBytes } from 'node:crypto';
import type { Bot } from '../../db/database.js';
import type { KeyOwner } from '../../db/queries/api-keys.js';
import {
  countProjectBots,
  deleteBot as deleteBotRow,
  findBot,
  insertBot,
  pageBots,
  updateBot as updateBotRow,
} from '../../db/queries/bots.js';
import { markBotHeartbeatsDeleted, updateEnabledBotHeartbeats } from '../../db/queries/heartbeats.js';
import { lockProject } from '../../db/queries/projects.js';
import type { PageRequest } from '../../db/queries/pages.js';
import { manageProject, requireAccess, requireUnderCap, type Caller } from '../access.js';
import type { ServiceDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { syncOrDefer } from '../reconciler.js';
import { requireAllowedUrl } from './outbound.js';
import { recordVersions } from './versions.js';
import type { CreateBotBody, UpdateBotBody } from '../routes/bots/schemas.js';

/** A bot of the project, or 404 (another project's bot is indistinguishable from none). */
export async function loadBot(deps: ServiceDeps, projectId: string, botId: string): Promise<Bot> {
  const bot = await findBot(deps.db, projectId, botId);
  if (!bot) throw new ApiError('bot_not_found', 'No bot with that bot_id in this project.');
  return bot;
}

export function listBots(deps: ServiceDeps, owner: KeyOwner, req: PageRequest) {
  return pageBots(deps.db, owner.project.id, req);
}

/** A webhook signing secret (Standard Webhooks form), shown once when a webhook URL is set. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export async function createBot(deps: ServiceDeps, owner: Caller, body: CreateBotBody) {
  requireAccess(owner, manageProject);
  if (body.webhook_url) await requireAllowedUrl(deps, 'webhook_url', body.webhook_url);
  const secret = body.webhook_url ? newSecret() : null;
  const bot = await deps.db.transaction().execute(async (trx) => {
    await lockProject(trx, owner.project.id);
    await requireUnderCap(
      owner,
      'max_bots',
      countProjectBots(trx, owner.project.id),
      'bot_limit_reached',
      'bots per project',
    );
    return insertBot(trx, {
      project_id: owner.project.id,
      name: body.name,
      model: body.model,
      instruction: body.instruction,
      status: body.status,
      heartbeat: body.heartbeat ?? false,
      webhook_url: body.webhook_url ?? null,
      webhook_secret: secret && deps.secrets.seal(secret, 'webhook_secret'),
      alert_events: [...new Set(body.alert_events ?? [])],
    });
  });
  return { bot, webhookSecret: secret };
}

export async function updateBot(deps: ServiceDeps, owner: Caller, body: UpdateBotBody) {
  requireAccess(owner, manageProject);
  const current = await loadBot(deps, owner.project.id, body.bot_id);
  if (body.webhook_url) await requireAllowedUrl(deps, 'webhook_url', body.webhook_url);
  const { project_id: _p, bot_id: _b, ...changes } = body;
  const secret = body.webhook_url && body.webhook_url !== current.webhook_url ? newSecret() : undefined;
  const { bot, paused } = await deps.db.transaction().execute(async (trx) => {
    const bot = await updateBotRow(trx, current.id, {
      ...changes,
      ...(changes.alert_events && { alert_events: [...new Set(changes.alert_events)] }),
      ...(secret && { webhook_secret: deps.secrets.seal(secret, 'webhook_secret') }),
      ...(body.webhook_url === null && { webhook_secret: null }),
      updated_at: deps.now(),
    });
    // Turning the heartbeat feature off pauses the bot's running heartbeats.
    const paused =
      body.heartbeat === false && current.heartbeat
        ? await updateEnabledBotHeartbeats(trx, current.id, {
            enabled: false,
            state: 'disabled',
            paused_reason: 'heartbeat turned off for the bot',
            updated_at: deps.now(),
            updated_via: owner.via,
          })
        : [];
    await recordVersions(trx, owner, paused, 'paused_for_bot', deps.now());
    return { bot, paused };
  });
  await syncOrDefer(deps, paused, 'pausing for the bot');
  return { bot, webhookSecret: secret ?? null };
}

export async function deleteBot(deps: ServiceDeps, owner: Caller, botId: string) {
  requireAccess(owner, manageProject);
  const current = await loadBot(deps, owner.project.id, botId);
  const removed = await deps.db.transaction().execute(async (trx) => {
    const rows = await markBotHeartbeatsDeleted(trx, current.id, deps.now());
    await deleteBotRow(trx, current.id);
    return rows;
  });
  await syncOrDefer(deps, removed, 'deleting with the bot');
  return current;
}
