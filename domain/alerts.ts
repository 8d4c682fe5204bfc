/**
 * Alerts: events an operator wants to hear about without polling, sent to the bot's webhook
 * (signed and retried like notifications) when the bot subscribes to them.
 */
export const ALERT_EVENTS = [
  'heartbeat.auto_paused',
  'heartbeat.budget_exhausted',
  'run.failed',
  'run.missed',
] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

/** An alert about to be raised. `key` makes it once-only: raising it again changes nothing. */
export interface AlertCandidate {
  key: string;
  event: AlertEvent;
  project_id: string;
  bot_id: string;
  heartbeat_id: string;
  run_key: string | null;
  /** What happened, in the event's own terms (the error, the streak, the budget, the count). */
  data: Record<string, unknown>;
}
