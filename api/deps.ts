/** What the API's services are built on: database, Temporal gateway, clock, log, outbound policy and secrets. */
import type { Db } from '../db/client.js';
import type { OutboundPolicy } from '../outbound/policy.js';
import type { SecretBox } from '../secrets.js';
import type { TemporalGateway } from './temporal.js';

/** What the services need: the database, the Temporal gateway, a clock and a log. */
export interface ServiceDeps {
  db: Db;
  temporal: TemporalGateway;
  now: () => Date;
  log: (message: string, err?: unknown) => void;
  /** Where webhooks and MCP servers may point. */
  outbound: OutboundPolicy;
  /** Seals webhook secrets and MCP header values before they are stored. */
  secrets: SecretBox;
  /** How long a trigger waits for its run before answering 202 with the run key. */
  triggerWaitMs: number;
}
