/** /v1/bot/subscriber routes: each operation's request and every response. */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyErrorResponses, errorResponses, json, jsonBody, pagination } from '../../openapi.js';
import { listQuery } from '../bots/schemas.js';
import { createMemberBody, member, memberRef } from './schemas.js';

const tags = ['Members'];

export const create = createRoute({
  operationId: 'createSubscriber',
  method: 'post',
  path: '/create',
  tags,
  summary: 'Add a subscriber (member) to the project',
  request: { body: jsonBody(createMemberBody) },
  responses: { 200: json(z.object({ member }), 'The member'), ...bodyErrorResponses },
});

export const readAll = createRoute({
  operationId: 'fetchSubscribers',
  method: 'get',
  path: '/readall',
  tags,
  summary: "List the project's subscribers",
  request: { query: listQuery },
  responses: { 200: json(z.object({ members: z.array(member), pagination }), 'A page of members'), ...errorResponses },
});

export const remove = createRoute({
  operationId: 'deleteSubscriber',
  method: 'delete',
  path: '/delete',
  tags,
  summary: 'Remove a subscriber',
  request: { query: memberRef },
  responses: { 200: json(z.object({ deleted: z.boolean(), member }), 'The removed member'), ...errorResponses },
});
