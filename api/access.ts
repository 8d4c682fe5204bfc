/**
 * Who is asking, through which surface, and what their key lets them do: the services check it
 * (domain/access.ts holds the rule), so REST, MCP and the dashboard refuse alike.
 */
import type { KeyOwner } from '../db/queries/api-keys.js';
import { refusal, type Action, type Surface } from '../domain/access.js';
import { ApiError } from './errors.js';

/** An authenticated request: the key's project, plan and grant, and the surface it came through. */
export interface Caller extends KeyOwner {
  via: Surface;
}

/**
 * What the app's fetch is given by the dashboard, which calls it in process: an HTTP request
 * cannot carry it, so a change marked `dashboard` came from the dashboard.
 */
export interface InProcessBindings {
  via?: 'dashboard';
}

export function surfaceOf(env: InProcessBindings | undefined, path: string): Surface {
  if (env?.via === 'dashboard') return 'dashboard';
  return path === '/mcp' ? 'mcp' : 'api';
}

/** Refuses (403) what the key's scope does not allow. */
export function requireAccess(owner: KeyOwner, action: Action): void {
  const why = refusal(owner.key, action);
  if (why === 'insufficient_scope') {
    throw new ApiError(
      'insufficient_scope',
      owner.key.scope === 'heartbeats:read'
        ? 'This API key is read-only (heartbeats:read).'
        : `This API key (${owner.key.scope}) cannot manage the project: use a key with full access.`,
    );
  }
  if (why === 'bot_outside_key_scope') {
    throw new ApiError('bot_outside_key_scope', `This API key changes only the heartbeats of bot ${owner.key.bot_id}.`);
  }
}

export const changeHeartbeats = (botId: string): Action => ({ kind: 'change_heartbeats', botId });
export const manageProject: Action = { kind: 'manage' };

type Cap = 'max_bots' | 'max_members' | 'max_tools_per_bot' | 'max_heartbeats_per_bot';

/**
 * Refuses a create that would pass one of the plan's caps (`what` names the counted things, "bots
 * per project"); the caller holds the lock that keeps `count` true until it inserts.
 */
export async function requireUnderCap(
  owner: KeyOwner,
  cap: Cap,
  count: Promise<number>,
  code: 'bot_limit_reached' | 'member_limit_reached' | 'tool_limit_reached' | 'heartbeat_limit_reached',
  what: string,
): Promise<void> {
  if ((await count) >= owner.plan[cap])
    throw new ApiError(code, `The ${owner.plan.id} plan allows ${owner.plan[cap]} ${what}.`);
}
