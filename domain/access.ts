/**
 * What an API key may do: its scope, and the one bot a write key may be bound to. Pure: the API
 * applies it to REST and MCP alike, and the admin command issues keys with it.
 */

/** `full`: everything (every key issued before scopes existed); the others are for assistants. */
export const KEY_SCOPES = ['full', 'heartbeats:write', 'heartbeats:read'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** Where a change came from: the REST API, the MCP server, the dashboard. */
export const SURFACES = ['api', 'mcp', 'dashboard'] as const;
export type Surface = (typeof SURFACES)[number];

export interface KeyGrant {
  scope: KeyScope;
  /** A `heartbeats:write` key bound to one bot changes that bot's heartbeats only. */
  bot_id: string | null;
}

/**
 * What a request does: reads anything; changes (or runs) a bot's heartbeats; or manages the
 * project (bots, their tools, members).
 */
export type Action = { kind: 'read' } | { kind: 'change_heartbeats'; botId: string } | { kind: 'manage' };

export type Refusal = 'insufficient_scope' | 'bot_outside_key_scope';

/** Why the key may not do this, or undefined when it may. */
export function refusal(grant: KeyGrant, action: Action): Refusal | undefined {
  if (action.kind === 'read' || grant.scope === 'full') return undefined;
  if (action.kind === 'manage' || grant.scope === 'heartbeats:read') return 'insufficient_scope';
  if (grant.bot_id !== null && grant.bot_id !== action.botId) return 'bot_outside_key_scope';
  return undefined;
}

/** The key's grant in words, for people choosing or checking a key. */
export function describeGrant(grant: KeyGrant): string {
  if (grant.scope === 'full') return 'full access';
  if (grant.scope === 'heartbeats:read') return 'reads everything, changes nothing';
  return grant.bot_id === null
    ? 'reads everything, changes and runs heartbeats'
    : `reads everything, changes and runs the heartbeats of bot ${grant.bot_id} only`;
}
