/**
 * Each heartbeat as an MCP resource, `heartbeat://<id>`: its state, schedule and next runs in
 * words, its last runs, and its configuration as get_heartbeat answers it.
 */
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { DateTime } from 'luxon';
import { listProjectHeartbeats } from '../../db/queries/heartbeats.js';
import { classify } from '../errors.js';
import type { Requester } from '../openapi.js';
import { heartbeatAnswers as answers } from '../routes/heartbeats/handlers.js';
import { uuid } from '../openapi.js';

/** A listing names at most this many (a project on the largest plan has fewer). */
const MAX_LISTED = 1_000;
const LAST_RUNS = 5;
/** The MCP code for a resource that does not exist. */
const RESOURCE_NOT_FOUND = -32002;

type Heartbeat = Awaited<ReturnType<typeof answers.read>>['heartbeat'];
type Run = Awaited<ReturnType<typeof answers.logs>>['logs'][number];

const oneLine = (text: string, max: number) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** A run time in the heartbeat's zone, and how far off it is: "Mon 7 Dec 2026, 09:00 EST (in 2 hours)". */
function inWords(at: string, zone: string, now: Date): string {
  const t = DateTime.fromISO(at, { zone });
  return `${t.toFormat('ccc d LLL yyyy, HH:mm ZZZZ')} (${t.toRelative({ base: DateTime.fromJSDate(now) })})`;
}

function runLine(run: Run): string {
  const when = DateTime.fromISO(run.scheduled_for ?? run.created_at, { zone: 'utc' }).toFormat('yyyy-MM-dd HH:mm');
  const said = run.error_message ?? run.response ?? run.reason;
  const figures = `${run.tokens_used} tokens · ${run.credits_charged} credits · ${(run.duration_ms / 1000).toFixed(1)} s`;
  return `- ${when} UTC · ${run.status} · ${run.type} · ${figures}${said ? `: ${oneLine(said, 200)}` : ''}`;
}

/** The resource's text. */
export function heartbeatPage(hb: Heartbeat, runs: Run[], now: Date): string {
  const budget = hb.credit_budget === null ? 'no budget' : `of ${hb.credit_budget}`;
  const next = hb.upcoming_runs.map((at) => `- ${inWords(at, hb.timezone, now)}`);
  return [
    `# Heartbeat: ${oneLine(hb.prompt, 80)}`,
    '',
    `- id \`${hb.uuid}\`, bot \`${hb.bot_id}\`${hb.member_id ? `, member \`${hb.member_id}\`` : ''}`,
    `- ${hb.enabled ? 'Enabled' : 'Disabled'}, state ${hb.state}${hb.paused_reason ? ` (${hb.paused_reason})` : ''}`,
    `- Schedule: ${hb.schedule_description}`,
    `- Credits: ${hb.credits_used} used this billing period, ${budget}; auto-pauses after ` +
      `${hb.max_consecutive_errors} errors in a row (${hb.consecutive_errors} now)`,
    `- Last changed ${hb.updated_at} through ${hb.updated_via ?? 'an unrecorded surface'} (version ${hb.version})`,
    '',
    '## Next runs',
    ...(next.length > 0 ? next : [hb.enabled ? '- none planned yet' : '- none: the heartbeat is disabled']),
    '',
    `## Last runs`,
    ...(runs.length > 0 ? runs.map(runLine) : ['- none yet']),
    '',
    '## Configuration',
    '```json',
    JSON.stringify(hb, null, 2),
    '```',
  ].join('\n');
}

/** A failure as MCP reports it for a resource: JSON-RPC error with the API's stable code. */
function failure(err: unknown, log: (e: unknown) => void): McpError {
  const e = classify(err);
  if (e.status >= 500) log(err);
  return new McpError(e.status === 404 ? RESOURCE_NOT_FOUND : -32603, e.message, { code: e.code });
}

export function registerHeartbeatResources(server: McpServer, v: Requester): void {
  const project_id = v.owner.project.id;
  const log = (err: unknown) => v.deps.log('MCP resource failed', err);
  const template = new ResourceTemplate('heartbeat://{heartbeat_id}', {
    list: async () => {
      try {
        const rows = await listProjectHeartbeats(v.deps.db, project_id, MAX_LISTED);
        const resources = rows.map((h) => ({
          uri: `heartbeat://${h.id}`,
          name: oneLine(h.prompt_start, 60),
          description: `${h.enabled ? 'Enabled' : 'Disabled'} heartbeat of bot ${h.bot_id}`,
          mimeType: 'text/markdown',
        }));
        return { resources };
      } catch (err) {
        throw failure(err, log);
      }
    },
  });
  server.registerResource(
    'heartbeat',
    template,
    {
      title: 'Heartbeat',
      description: 'A heartbeat: state, schedule and next runs in words, last runs, configuration',
      mimeType: 'text/markdown',
    },
    async (uri, variables) => {
      try {
        const heartbeat_id = String(variables.heartbeat_id);
        if (!uuid.safeParse(heartbeat_id).success) {
          throw new McpError(RESOURCE_NOT_FOUND, `No heartbeat ${heartbeat_id}.`, { code: 'heartbeat_not_found' });
        }
        const { heartbeat } = await answers.read(v, { project_id, heartbeat_id });
        const { logs } = await answers.logs(v, { project_id, heartbeat_id, page: 1, per_page: LAST_RUNS });
        const text = heartbeatPage(heartbeat, logs, v.deps.now());
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
      } catch (err) {
        throw err instanceof McpError ? err : failure(err, log);
      }
    },
  );
}
