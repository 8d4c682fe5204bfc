import type { Db } from '../db/client.js';
import type { TemporalGateway } from './temporal.js';

/** What the services need: the database, the Temporal gateway, a clock and a log. */
export interface ServiceDeps {
  db: Db;
  temporal: TemporalGateway;
  now: () => Date;
  log: (message: string, err?: unknown) => void;
}
