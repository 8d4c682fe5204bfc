/** /v1/bot routes: each operation's request and every response, for validation and the OpenAPI document. */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyErrorResponses, errorResponses, json, jsonBody, pagination } from '../../openapi.js';
import { bot, botRef, botWithSecret, createBotBody, listQuery, updateBotBody } from './schemas.js';

const tags = ['Bots'];

export const create = createRoute({
  operationId: 'createBot',
  method: 'post',
  path: '/create',
  tags,
  summary: 'Create a bot',
  request: { body: jsonBody(createBotBody) },
  responses: { 200: json(botWithSecret, 'The bot'), ...bodyErrorResponses },
});

export const read = createRoute({
  operationId: 'fetchBot',
  method: 'get',
  path: '/read',
  tags,
  summary: 'Read a bot',
  request: { query: botRef },
  responses: { 200: json(z.object({ bot }), 'The bot'), ...errorResponses },
});

export const readAll = createRoute({
  operationId: 'fetchBots',
  method: 'get',
  path: '/readall',
  tags,
  summary: "List the project's bots",
  request: { query: listQuery },
  responses: { 200: json(z.object({ bots: z.array(bot), pagination }), 'A page of bots'), ...errorResponses },
});

export const update = createRoute({
  operationId: 'updateBot',
  method: 'put',
  path: '/update',
  tags,
  summary: 'Update a bot (heartbeat: true|false|1|0 turns the feature on or off)',
  request: { body: jsonBody(updateBotBody) },
  responses: { 200: json(botWithSecret, 'The bot'), ...bodyErrorResponses },
});

export const remove = createRoute({
  operationId: 'deleteBot',
  method: 'delete',
  path: '/delete',
  tags,
  summary: 'Delete a bot and its heartbeats',
  request: { query: botRef },
  responses: { 200: json(z.object({ deleted: z.boolean(), bot }), 'The deleted bot'), ...errorResponses },
});
