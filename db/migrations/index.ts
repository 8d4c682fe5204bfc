/** Every migration, by its timestamped name, for the Kysely migrator. */
import type { Migration } from 'kysely';
import * as initial from './20261124000000_initial.js';
import * as runPath from './20261127000000_run_path.js';
import * as planCaps from './20261128000000_plan_caps.js';
import * as rateLimits from './20261129000000_rate_limits.js';
import * as runToolCalls from './20261129000001_run_tool_calls.js';
import * as alerts from './20261130000000_alerts.js';
import * as runErrorCode from './20261202000000_run_error_code.js';
import * as workerPressure from './20261202000001_worker_pressure.js';
import * as keyScopes from './20261207015531_key_scopes.js';
import * as agentNativeRuns from './20261207021722_agent_native_runs.js';
import * as schedulePolicies from './20261207025013_schedule_policies.js';
import * as runAttempts from './20261207031500_run_attempts.js';
import * as heartbeatVersions from './20261207031524_heartbeat_versions.js';
import * as stallAlarm from './20261207034354_stall_alarm.js';
import * as heartbeatTombstones from './20261207042113_heartbeat_tombstones.js';
import * as dashboardSessions from './20261207053712_dashboard_sessions.js';
import * as runClaims from './20261208010000_run_claims.js';

/**
 * Every migration, by its timestamped name. Listed explicitly (rather than read from the folder
 * at run time) so the same code runs under tsx, vitest and a bundler; a test checks that every
 * file in this folder appears here.
 */
export const migrations: Record<string, Migration> = {
  '20261124000000_initial': initial,
  '20261127000000_run_path': runPath,
  '20261128000000_plan_caps': planCaps,
  '20261129000000_rate_limits': rateLimits,
  '20261129000001_run_tool_calls': runToolCalls,
  '20261130000000_alerts': alerts,
  '20261202000000_run_error_code': runErrorCode,
  '20261202000001_worker_pressure': workerPressure,
  '20261207015531_key_scopes': keyScopes,
  '20261207021722_agent_native_runs': agentNativeRuns,
  '20261207025013_schedule_policies': schedulePolicies,
  '20261207031500_run_attempts': runAttempts,
  '20261207031524_heartbeat_versions': heartbeatVersions,
  '20261207034354_stall_alarm': stallAlarm,
  '20261207042113_heartbeat_tombstones': heartbeatTombstones,
  '20261207053712_dashboard_sessions': dashboardSessions,
  '20261208010000_run_claims': runClaims,
};
