import type { Db } from '../db/client.js';
import type { SecretBox } from '../secrets.js';
import type { Metrics } from '../telemetry/metrics.js';
import type { ChatProvider } from './agent/provider.js';

export interface AgentLimits {
  maxSteps?: number;
  maxWallMs?: number;
  historyRuns?: number;
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
}
