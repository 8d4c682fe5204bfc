/**
 * What a run reads before it starts, in one statement, and the agent's view of it: the bot's
 * model (or the heartbeat's), instruction and MCP servers, and what the run is told of earlier
 * runs by the heartbeat's context mode.
 */
import type { ExecuteRunInput } from '../contract/activities.js';
import type { HeartbeatConfig } from '../domain/heartbeat.js';
import { runContext } from '../db/queries/heartbeats.js';
import type { AgentProfile } from './agent/run.js';
import type { EarlierRuns } from './agent/conversation.js';
import type { ActivityDeps } from './deps.js';

export type RunContext = NonNullable<Awaited<ReturnType<typeof runContext>>>;

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

export function loadContext(deps: ActivityDeps, input: ExecuteRunInput, now: Date, opts: { local: boolean }) {
  const agent = input.config.agent;
  return runContext(deps.db, {
    ...(opts.local && { attemptNotes: true }),
    heartbeatId: input.config.heartbeat_id,
    since: startOfUtcDay(now),
    runKey: input.run_key,
    historyRuns: deps.limits?.historyRuns ?? 5,
    ...(agent?.context && { context: agent.context, contextRuns: agent.context_runs }),
    ...(agent?.precheck_url && { webhookSecret: true }),
  });
}

function earlierOf(config: HeartbeatConfig, context: RunContext): EarlierRuns {
  const mode = config.agent?.context ?? 'today';
  if (mode === 'fresh') return { mode };
  if (mode === 'digest') {
    const summaries = (context.digest ?? []).map((r) => ({
      // Read through JSON: the time comes as text.
      at: new Date(r.created_at).toISOString(),
      outcome: r.outcome,
      summary: r.summary ?? '',
    }));
    return { mode, summaries };
  }
  return { mode, exchanges: context.history ?? [] };
}

/** The bot and heartbeat as the run sees them; undefined when the bot is gone. */
export function profileOf(
  deps: ActivityDeps,
  config: HeartbeatConfig,
  context: RunContext | undefined,
): AgentProfile | undefined {
  if (!context || context.model === null) return undefined;
  const agent = config.agent;
  return {
    model: agent?.model ?? context.model,
    instruction: context.instruction ?? '',
    // Header values are sealed at rest; opened only for the request that sends them.
    tools: context.tools.map((t) => ({
      ...t,
      headers: Object.fromEntries(Object.entries(t.headers).map(([k, v]) => [k, deps.secrets.open(v, 'mcp_header')])),
    })),
    earlier: earlierOf(config, context),
    ...(agent?.triage_model && { triage_model: agent.triage_model }),
    ...(agent?.context_token_limit && { context_token_limit: agent.context_token_limit }),
  };
}
