/**
 * The MCP server's tools: the public API's heartbeat operations, each a thin call into the answer
 * its REST handler gives, validated by the route's own zod schema (so the same error codes).
 */
import type { z } from '@hono/zod-openapi';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Requester } from '../openapi.js';
import { botPage } from '../routes/bots/handlers.js';
import { listQuery } from '../routes/bots/schemas.js';
import { heartbeatAnswers as answers } from '../routes/heartbeats/handlers.js';
import {
  configureBody,
  heartbeatRef,
  listHeartbeatsQuery,
  logsQuery,
  previewBody,
  statsQuery,
} from '../routes/heartbeats/schemas.js';
import { versionsQuery } from '../routes/heartbeats/version-schemas.js';

export interface HeartbeatTool<S extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  /** The REST operation whose documented input this tool takes. */
  operation: string;
  /** The route's schema: a tool's arguments are checked by it, with the same error codes. */
  input: S;
  annotations: ToolAnnotations;
  /** Under an idempotency key, the kind of request it names (REST's Idempotency-Key, per surface). */
  idempotency?: string;
  answer(v: Requester, input: z.output<S>, idempotencyKey: string | undefined): Promise<object>;
}

const tool = <S extends z.ZodType>(t: HeartbeatTool<S>) => t as unknown as HeartbeatTool;

const read: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
const change = (destructive: boolean, idempotent: boolean): ToolAnnotations => ({
  readOnlyHint: false,
  destructiveHint: destructive,
  idempotentHint: idempotent,
  openWorldHint: false,
});

export const HEARTBEAT_TOOLS: HeartbeatTool[] = [
  tool({
    name: 'list_bots',
    title: 'List bots',
    description:
      "The project's bots, a page at a time. A heartbeat runs a bot's agent; the bot's heartbeat flag must be on.",
    operation: 'fetchBots',
    input: listQuery,
    annotations: read,
    answer: (v, q) => botPage(v, q),
  }),
  tool({
    name: 'list_heartbeats',
    title: "List a bot's heartbeats",
    description: "A bot's heartbeats (optionally one member's), each with its state, schedule in words and next runs.",
    operation: 'fetchHeartbeats',
    input: listHeartbeatsQuery,
    annotations: read,
    answer: answers.readAll,
  }),
  tool({
    name: 'get_heartbeat',
    title: 'Read a heartbeat',
    description:
      'One heartbeat: its configuration, state, next runs, budget spent and where its last change came from.',
    operation: 'fetchHeartbeat',
    input: heartbeatRef,
    annotations: read,
    answer: answers.read,
  }),
  tool({
    name: 'preview_heartbeat',
    title: 'Preview a schedule',
    description:
      'What a configuration would do, without saving it: the same checks as configure_heartbeat, the schedule in ' +
      'words and its next runs in UTC and in its time zone, daylight-saving days marked. Preview before configuring.',
    operation: 'previewHeartbeat',
    input: previewBody,
    annotations: read,
    answer: answers.preview,
  }),
  tool({
    name: 'configure_heartbeat',
    title: 'Create or change a heartbeat',
    description:
      'Without heartbeat_id, creates a heartbeat (prompt required; disabled unless enabled is true). With it, ' +
      'changes only the fields sent. Give interval_minutes or cron_pattern, not both. An idempotency_key makes a ' +
      'retry safe: the same key and arguments get the same answer for 24 hours.',
    operation: 'createHeartbeat',
    input: configureBody,
    annotations: change(false, false),
    idempotency: 'mcp:configure',
    answer: (v, body) => answers.configure(v, body),
  }),
  tool({
    name: 'enable_heartbeat',
    title: 'Enable a heartbeat',
    description: 'Starts the schedule; clears an auto-pause and the error streak.',
    operation: 'enableHeartbeat',
    input: heartbeatRef,
    annotations: change(false, true),
    answer: (v, ref) => answers.setEnabled(v, ref, true),
  }),
  tool({
    name: 'disable_heartbeat',
    title: 'Disable a heartbeat',
    description: 'Stops the schedule; the configuration is kept and enable_heartbeat starts it again.',
    operation: 'disableHeartbeat',
    input: heartbeatRef,
    annotations: change(true, true),
    answer: (v, ref) => answers.setEnabled(v, ref, false),
  }),
  tool({
    name: 'trigger_heartbeat',
    title: 'Run a heartbeat now',
    description:
      'Runs the heartbeat once now, enabled or not, charged and budget-checked like a scheduled run, and answers ' +
      "its result; a run still going after the wait answers its run_key (heartbeat_logs finds it). The bot's agent " +
      'may call its tools and notify people. The same idempotency_key never runs twice.',
    operation: 'triggerHeartbeat',
    input: heartbeatRef,
    annotations: { ...change(false, false), openWorldHint: true },
    idempotency: 'mcp:trigger',
    answer: answers.trigger,
  }),
  tool({
    name: 'delete_heartbeat',
    title: 'Delete a heartbeat',
    description: 'Deletes the heartbeat and ends its schedule; its logs stay readable.',
    operation: 'deleteHeartbeat',
    input: heartbeatRef,
    annotations: change(true, true),
    answer: answers.remove,
  }),
  tool({
    name: 'heartbeat_logs',
    title: 'Read run logs',
    description:
      'Runs, newest first, a page at a time: filter by heartbeat, bot, member, status, type, run_key or time.',
    operation: 'fetchHeartbeatLogs',
    input: logsQuery,
    annotations: read,
    answer: answers.logs,
  }),
  tool({
    name: 'heartbeat_versions',
    title: "List a heartbeat's versions",
    description:
      'The configurations a heartbeat has had, newest first: what changed it, when, which key and surface, and the configuration after it. A run names the config_version it ran with.',
    operation: 'fetchHeartbeatVersions',
    input: versionsQuery,
    annotations: read,
    answer: answers.versions,
  }),
  tool({
    name: 'heartbeat_stats',
    title: 'Read run statistics',
    description: 'Runs by status and type, tokens, credits and durations over the last `days` UTC days, day by day.',
    operation: 'fetchHeartbeatStats',
    input: statsQuery,
    annotations: read,
    answer: answers.statistics,
  }),
];

/** Whether an MCP request (`tools/call configure_heartbeat`) changes something: logged like any change. */
export const mcpCallChanges = (call: string) =>
  HEARTBEAT_TOOLS.some((t) => call === `tools/call ${t.name}` && t.annotations.readOnlyHint === false);
