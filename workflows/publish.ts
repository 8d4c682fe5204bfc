/**
 * Shows the workflow's plan where people and the API look: the search attributes and current
 * details of the Temporal Web UI, and the heartbeat row. Each is written only when its value
 * changes, since every write costs the server a history event or the database a statement.
 */
import { proxyActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { bookkeeping } from '../activities/options.js';
import type { HeartbeatStatusInput } from '../contract/activities.js';
import type { PublishedState } from '../contract/workflow.js';
import { enabledKey, nextRunKey } from '../contract/search-attributes.js';
import { describeSchedule } from '../domain/schedule.js';
import type { HeartbeatRuntime } from './state.js';

const { saveHeartbeatStatus } = proxyActivities<Activities>(bookkeeping);

const fingerprint = (s: HeartbeatStatusInput) => JSON.stringify(s);

/**
 * The Web UI's current details: the schedule in words, then what the heartbeat does now (the
 * workflow's input is only the configuration it started with).
 */
export function currentDetails(hb: HeartbeatRuntime): string {
  const v = hb.view();
  const last = hb.carried.last_run;
  const lines = [
    describeSchedule(hb.config),
    '',
    `State: ${v.state}. Next run: ${v.next_run_at ?? 'none planned'}.`,
    last
      ? `Last run: ${last.status} at ${last.at} (${last.type})${last.detail ? ` — ${last.detail}` : ''}.`
      : 'Last run: none yet.',
    `Errors in a row: ${v.consecutive_errors} of ${hb.config.max_consecutive_errors}.`,
  ];
  if (hb.config.adaptive)
    lines.push(`Adaptive cadence: ${v.next_run_reason ?? 'at its interval until a run reports'}.`);
  if (v.paused_reason) lines.push(`Paused: ${v.paused_reason}`);
  return lines.join('\n');
}

export class Publisher {
  private publishedStatus: string;
  private publishedNextRun: string | null | undefined;
  private publishedDetails = '';

  /** `published`: what the run before continue-as-new wrote (search attributes carry over with it). */
  constructor(
    private readonly hb: HeartbeatRuntime,
    published?: PublishedState,
  ) {
    this.publishedStatus = published?.status ?? '';
    this.publishedNextRun = published?.next_run_at;
  }

  /** Handed to the next run at continue-as-new. */
  carryOver(): PublishedState | undefined {
    if (this.publishedNextRun === undefined) return undefined;
    return { status: this.publishedStatus, next_run_at: this.publishedNextRun };
  }

  /** The database already holds this status (a run saved it with its row). */
  saved(status: HeartbeatStatusInput): void {
    this.publishedStatus = fingerprint(status);
  }

  /** Details cost no history event: they follow every change of what they say, a run's outcome included. */
  showDetails(): void {
    const details = currentDetails(this.hb);
    if (details === this.publishedDetails) return;
    this.publishedDetails = details;
    setCurrentDetails(details);
  }

  async publish(next: Date | null): Promise<void> {
    const hb = this.hb;
    hb.nextRunAt = next ? next.toISOString() : null;
    const v = hb.view();
    if (hb.nextRunAt !== this.publishedNextRun) {
      this.publishedNextRun = hb.nextRunAt;
      upsertSearchAttributes([
        { key: enabledKey, value: v.enabled },
        { key: nextRunKey, value: next },
      ]);
    }
    this.showDetails();
    // The database shows what the workflow will actually do; a run saves it with its row, so
    // this write happens only when something else changed it (a message, a new period).
    const status: HeartbeatStatusInput = {
      heartbeat_id: hb.config.heartbeat_id,
      version: hb.config.version,
      state: v.state,
      paused_reason: v.paused_reason,
      consecutive_errors: v.consecutive_errors,
      enabled: hb.scheduled,
      auto_paused: hb.carried.auto_paused,
      next_run_at: v.next_run_at,
      ...(v.next_run_reason !== undefined && { next_run_reason: v.next_run_reason }),
    };
    if (fingerprint(status) === this.publishedStatus) return;
    this.publishedStatus = fingerprint(status);
    await saveHeartbeatStatus(status);
  }
}
