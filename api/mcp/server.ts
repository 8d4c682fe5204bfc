/**
 * One MCP server per request (stateless): the heartbeat tools, each heartbeat as a resource, and
 * the set-up prompt, all acting as the request's API key. A tool's failure is an `isError` result
 * carrying the API's error body, with the same stable code REST answers.
 */
import { z } from '@hono/zod-openapi';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describeGrant } from '../../domain/access.js';
import { requireOwnProject } from '../auth.js';
import { classify, errorBody, invalidField, validationError } from '../errors.js';
import { checkIdempotencyKey, onceByKey, requestHash } from '../idempotency.js';
import type { Requester } from '../openapi.js';
import type { ApiDocument } from './input-schemas.js';
import { operationInput } from './input-schemas.js';
import { registerSetUpPrompt } from './prompt.js';
import { registerHeartbeatResources } from './resources.js';
import { HEARTBEAT_TOOLS, type HeartbeatTool } from './tools.js';

/** A tool with the JSON Schema its clients see (the documented REST input). */
export interface ListedTool extends HeartbeatTool {
  /**
   * What the SDK is handed: any object passes (the route's schema checks it in `run`, so its
   * errors carry the API's codes), and its JSON Schema is the documented one.
   */
  listed: z.ZodType;
}

export function listTools(doc: ApiDocument): ListedTool[] {
  return HEARTBEAT_TOOLS.map((t) => ({ ...t, listed: z.object({}).loose().meta(operationInput(doc, t.operation)) }));
}

/** What a request did, for its log line: the method, the tool, and the error code of a refused call. */
export interface McpCall {
  call: string;
  error?: string;
}

type Outcome = { status: number; body: object };

const result = ({ status, body }: Outcome): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(body) }],
  structuredContent: body as Record<string, unknown>,
  ...(status >= 400 && { isError: true }),
});

/**
 * Runs a tool as REST runs its route: the key's own project, the route's schema, the same answer;
 * under an idempotency key, once per key and arguments. Never throws: a failure is its error body.
 */
async function run(tool: ListedTool, v: Requester, args: Record<string, unknown>, requestId: string) {
  const refused = (err: unknown): Outcome => {
    const e = classify(err);
    if (e.status >= 500) v.deps.log(`MCP tool ${tool.name} failed`, err);
    return { status: e.status, body: errorBody(e.status, e.code, e.message, e.details, requestId) };
  };
  try {
    const { idempotency_key: key, ...fields } = args;
    if (fields.project_id !== undefined) requireOwnProject(v.owner, String(fields.project_id));
    const parsed = tool.input.safeParse({ ...fields, project_id: v.owner.project.id });
    if (!parsed.success) throw validationError(parsed.error);
    if (!tool.idempotency || key === undefined)
      return { status: 200, body: await tool.answer(v, parsed.data, undefined) };
    if (typeof key !== 'string') throw invalidField('idempotency_key', 'invalid_type', 'must be a string');
    checkIdempotencyKey(key);

    let fresh: Outcome | undefined;
    const ref = { projectId: v.owner.project.id, scope: tool.idempotency, key };
    const kept = await onceByKey(v.deps.db, ref, requestHash(`tools/call ${tool.name}`, parsed.data), async () => {
      try {
        const body = await tool.answer(v, parsed.data, key);
        fresh = { status: 'accepted' in body ? 202 : 200, body };
      } catch (err) {
        // A refusal is kept, as REST keeps it; a fault is not, so a retry tries again.
        if (classify(err).status >= 500) throw err;
        fresh = refused(err);
      }
      const { status, body } = fresh;
      return { status, body: async () => body };
    });
    return kept ? { status: kept.status, body: kept.body as object } : fresh!;
  } catch (err) {
    return refused(err);
  }
}

export function buildServer(v: Requester, requestId: string, tools: ListedTool[], seen: McpCall): McpServer {
  const server = new McpServer(
    { name: 'heartbeat', version: '1.0.0', title: 'Heartbeat' },
    {
      instructions:
        "Heartbeats: schedules that run a bot's agent on a prompt, inside an active window, within a credit budget. " +
        'Preview a schedule before configuring it; the set_up_heartbeat prompt walks through a good one; each ' +
        `heartbeat is also a resource, heartbeat://<id>. This key: ${describeGrant(v.owner.key)}.`,
    },
  );
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.listed, annotations: tool.annotations },
      async (args) => {
        const outcome = await run(tool, v, args as Record<string, unknown>, requestId);
        if (outcome.status >= 400) seen.error = (outcome.body as ReturnType<typeof errorBody>).error.code;
        return result(outcome);
      },
    );
  }
  registerHeartbeatResources(server, v);
  registerSetUpPrompt(server);
  return server;
}
