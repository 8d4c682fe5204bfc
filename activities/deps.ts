/**
 * What the activities are built on: the database, the chat provider, credit multipliers, limits and
 * the run log.
 */
import type { Db } from '../db/client.js';
import type { SecretBox } from '../secrets.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { ChatProvider } from './agent/provider.js';

export interface AgentLimits {
  maxSteps?: number;
  maxWallMs?: number;
  historyRuns?: number;
}

/** One line of the run log: what a run did, written once per run key. */
export interface RunLogEntry {
  heartbeat_id: string;
  run_key: string;
  type: string;
  status: string;
  /** Why a run was skipped (missed, budget_exhausted…); null when it ran. */
  reason: string | null;
  /** Nominal due time → start of the agent, for scheduled runs that ran. */
  lateness_ms: number | null;
  duration_ms: number;
  tokens: number;
  credits: number;
  error?: string | null;
}

/** What the activities are built on. */
export interface ActivityDeps {
  db: Db;
  provider: ChatProvider;
  /** Credits per 1,000 tokens, by model; 1 when a model is not listed. */
  creditMultipliers: Record<string, number>;
  limits?: AgentLimits;
  /** Runs, lateness, tokens… recorded as they happen (the worker's /metrics). */
  metrics?: Metrics;
  /** Opens webhook secrets and MCP header values sealed by the API. */
  secrets: SecretBox;
  /** fetch for webhooks and MCP servers, under the outbound policy (outbound/fetch.ts). */
  fetch: typeof fetch;
  /** Called once for each run written (not for a retry that finds its row). */
  runLog?: (entry: RunLogEntry) => void;
  /** Told how late each scheduled run started (the worker's lateness report). */
  noteLateness?: (latenessMs: number) => void;
}
