/**
 * /v1/bot/heartbeat routes: each operation's request and every response, for validation and the
 * OpenAPI document.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { idempotent } from '../../idempotency.js';
import {
  bodyErrorResponses,
  errorResponses,
  idempotentErrorResponses,
  json,
  jsonBody,
  pagination,
} from '../../openapi.js';
import {
  configureBody,
  heartbeat,
  heartbeatRef,
  listHeartbeatsQuery,
  logEntry,
  logsQuery,
  preview as previewSchema,
  previewBody,
  runResult,
  stats,
  triggerAccepted,
  statsQuery,
} from './schemas.js';
import { heartbeatVersion, versionsQuery } from './version-schemas.js';

const tags = ['Heartbeats'];
const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Makes a retry of this request safe: the same key gets the same answer for 24 hours' }),
});
const one = z.object({ heartbeat });

export const configure = createRoute({
  operationId: 'createHeartbeat',
  method: 'post',
  path: '/configure',
  tags,
  summary: 'Create a heartbeat (no heartbeat_id) or update the fields sent',
  middleware: [idempotent('configure')] as const,
  request: { body: jsonBody(configureBody), headers: idempotencyHeader },
  responses: { 200: json(one, 'The heartbeat as saved'), ...idempotentErrorResponses },
});

export const preview = createRoute({
  operationId: 'previewHeartbeat',
  method: 'post',
  path: '/preview',
  tags,
  summary: 'What a configuration would do, without saving it: its next runs and the schedule in words',
  request: { body: jsonBody(previewBody) },
  responses: { 200: json(z.object({ preview: previewSchema }), 'The preview'), ...bodyErrorResponses },
});

export const readAll = createRoute({
  operationId: 'fetchHeartbeats',
  method: 'get',
  path: '/readall',
  tags,
  summary: "List a bot's heartbeats, or the project's",
  request: { query: listHeartbeatsQuery },
  responses: {
    200: json(z.object({ heartbeats: z.array(heartbeat), pagination }), 'A page of heartbeats, oldest first'),
    ...errorResponses,
  },
});

export const read = createRoute({
  operationId: 'fetchHeartbeat',
  method: 'get',
  path: '/read',
  tags,
  summary: 'Read one heartbeat',
  request: { query: heartbeatRef },
  responses: { 200: json(one, 'The heartbeat'), ...errorResponses },
});

export const enable = createRoute({
  operationId: 'enableHeartbeat',
  method: 'post',
  path: '/enable',
  tags,
  summary: 'Enable a heartbeat',
  request: { body: jsonBody(heartbeatRef) },
  responses: { 200: json(one, 'The heartbeat as it now is'), ...bodyErrorResponses },
});

export const disable = createRoute({
  operationId: 'disableHeartbeat',
  method: 'post',
  path: '/disable',
  tags,
  summary: 'Disable a heartbeat (configuration kept)',
  request: { body: jsonBody(heartbeatRef) },
  responses: { 200: json(one, 'The heartbeat as it now is'), ...bodyErrorResponses },
});

export const trigger = createRoute({
  operationId: 'triggerHeartbeat',
  method: 'post',
  path: '/trigger',
  tags,
  summary: 'Run once now, synchronously (enabled or not)',
  middleware: [idempotent('trigger')] as const,
  request: { body: jsonBody(heartbeatRef), headers: idempotencyHeader },
  responses: {
    200: json(z.object({ result: runResult }), 'The run result'),
    202: json(triggerAccepted, 'Still running at the deadline: find it in the logs by its run key'),
    ...idempotentErrorResponses,
  },
});

export const remove = createRoute({
  operationId: 'deleteHeartbeat',
  method: 'delete',
  path: '/delete',
  tags,
  summary: 'Delete a heartbeat and end its workflow (logs stay)',
  request: { query: heartbeatRef },
  responses: {
    200: json(z.object({ deleted: z.boolean(), heartbeat }), 'The heartbeat as it was'),
    ...errorResponses,
  },
});

export const versions = createRoute({
  operationId: 'fetchHeartbeatVersions',
  method: 'get',
  path: '/versions',
  tags,
  summary: 'The configurations a heartbeat has had, newest first: who changed it, when, through what',
  request: { query: versionsQuery },
  responses: {
    200: json(
      z.object({ total: z.number(), versions: z.array(heartbeatVersion), pagination }),
      'A page of versions (each run in the logs names the config_version it ran with)',
    ),
    ...errorResponses,
  },
});

export const logs = createRoute({
  operationId: 'fetchHeartbeatLogs',
  method: 'get',
  path: '/logs',
  tags,
  summary: 'Execution history, newest first',
  request: { query: logsQuery },
  responses: {
    200: {
      ...json(
        z.object({
          total: z.number(),
          logs: z.array(logEntry),
          pagination,
          next_cursor: z.string().nullable().openapi({
            description:
              'Give it as `cursor` for the runs after this page (null: none); the Link header names that page too',
          }),
        }),
        'A page of runs',
      ),
      headers: z.object({
        Link: z.string().optional().openapi({ description: 'The next page: `<…?cursor=…>; rel="next"`' }),
      }),
    },
    ...errorResponses,
  },
});

export const statistics = createRoute({
  operationId: 'fetchHeartbeatStats',
  method: 'get',
  path: '/stats',
  tags,
  summary: 'Aggregates over the last `days` UTC days',
  request: { query: statsQuery },
  responses: { 200: json(z.object({ stats }), 'The aggregates'), ...errorResponses },
});
