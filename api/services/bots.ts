import type { Db } from '../../db/client.js';
import { randomBytes } from 'node:crypto';
import type { z } from '@hono/zod-openapi';
import type { KeyOwner } from '../../db/queries/projects.js';
import { ApiError } from '../errors.js';
import type { createBotBody, updateBotBody } from '../schemas.js';
import type { HeartbeatDeps } from './heartbeats.js';
import { syncHeartbeat } from './sync.js';

/** A bot of the project, or 404 (another project's bot is indistinguishable from none). */
export async function loadBot(db: Db, projectId: string, botId: string) {
  const bot = await db
    .selectFrom('bots')
    .selectAll()
    .where('id', '=', botId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!bot) throw new ApiError('bot_not_found', 'No bot with that bot_id in this project.');
  return bot;
}

/** A webhook signing secret, shown once when a webhook URL is first set. */
const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export async function createBot(deps: HeartbeatDeps, owner: KeyOwner, body: z.infer<typeof createBotBody>) {
  const secret = body.webhook_url ? newSecret() : null;
  const bot = await deps.db
    .insertInto('bots')
    .values({
      project_id: owner.project.id,
      name: body.name,
      model: body.model,
      instruction: body.instruction,
      status: body.status,
      heartbeat: body.heartbeat ?? false,
      webhook_url: body.webhook_url ?? null,
      webhook_secret: secret,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { bot, webhookSecret: secret };
}

/** Tells each affected heartbeat's workflow; the reconciler retries what Temporal missed. */
async function syncAll(deps: HeartbeatDeps, rows: Parameters<typeof syncHeartbeat>[1][]) {
  for (const row of rows) {
    await syncHeartbeat(deps, row).catch((err: unknown) =>
      deps.log(`heartbeat ${row.id}: sync deferred to the reconciler`, err),
    );
  }
}

export async function updateBot(deps: HeartbeatDeps, owner: KeyOwner, body: z.infer<typeof updateBotBody>) {
  const current = await loadBot(deps.db, owner.project.id, body.bot_id);
  const { project_id: _p, bot_id: _b, ...changes } = body;
  const secret = body.webhook_url && body.webhook_url !== current.webhook_url ? newSecret() : undefined;
  const { bot, paused } = await deps.db.transaction().execute(async (trx) => {
    const bot = await trx
      .updateTable('bots')
      .set({
        ...changes,
        ...(secret && { webhook_secret: secret }),
        ...(body.webhook_url === null && { webhook_secret: null }),
        updated_at: deps.now(),
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // Turning the heartbeat feature off pauses the bot's running heartbeats.
    const paused =
      body.heartbeat === false && current.heartbeat
        ? await trx
            .updateTable('heartbeats')
            .set({
              enabled: false,
              state: 'disabled',
              paused_reason: 'heartbeat turned off for the bot',
              updated_at: deps.now(),
            })
            .where('bot_id', '=', current.id)
            .where('enabled', '=', true)
            .where('deleted_at', 'is', null)
            .returningAll()
            .execute()
        : [];
    return { bot, paused };
  });
  await syncAll(deps, paused);
  return { bot, webhookSecret: secret ?? null };
}

export async function deleteBot(deps: HeartbeatDeps, owner: KeyOwner, botId: string) {
  const current = await loadBot(deps.db, owner.project.id, botId);
  const removed = await deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('heartbeats')
      .set({ deleted_at: deps.now(), enabled: false })
      .where('bot_id', '=', current.id)
      .where('deleted_at', 'is', null)
      .returningAll()
      .execute();
    await trx.deleteFrom('bots').where('id', '=', current.id).execute();
    return rows;
  });
  await syncAll(deps, removed);
  return current;
}
