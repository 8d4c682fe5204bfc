/** SQL for alerts: stored once per key, read for delivery, marked delivered, listed. */
import { sql } from 'kysely';
import type { Db } from '../client.js';
import type { AlertCandidate } from '../../domain/alerts.js';

/**
 * Stores the alerts whose bot subscribes to their event and has a webhook, once per key, and
 * returns the ids of those not yet delivered (new or left from an earlier attempt): the ones to send.
 */
export async function storeSubscribedAlerts(db: Db, alerts: AlertCandidate[]): Promise<string[]> {
  if (alerts.length === 0) return [];
  const rows = alerts.map((a) => ({
    project_id: a.project_id,
    bot_id: a.bot_id,
    heartbeat_id: a.heartbeat_id,
    alert_key: a.key,
    event: a.event,
    run_key: a.run_key,
    data: JSON.stringify(a.data),
  }));
  const { rows: stored } = await sql<{ id: string }>`
    with candidates as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as c(
        project_id uuid, bot_id uuid, heartbeat_id uuid, alert_key text, event text, run_key text, data text)
    ),
    subscribed as (
      select c.* from candidates c
      join bots b on b.id = c.bot_id and b.project_id = c.project_id
      where c.event = any(b.alert_events) and b.webhook_url is not null
    ),
    ins as (
      insert into alerts (project_id, bot_id, heartbeat_id, alert_key, event, run_key, data)
      select project_id, bot_id, heartbeat_id, alert_key, event, run_key, data::jsonb from subscribed
      on conflict (alert_key) do nothing
      returning id
    )
    select id from ins
    union
    select a.id from alerts a join subscribed s on s.alert_key = a.alert_key where a.delivered_at is null`.execute(db);
  return stored.map((r) => r.id);
}

/** A project's alerts, newest first (what was raised and whether it reached the webhook). */
export function recentAlerts(db: Db, projectId: string, limit: number) {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
