/** /v1/key route: its request and responses, for validation and the OpenAPI document. */
import { createRoute } from '@hono/zod-openapi';
import { errorResponses, json } from '../../openapi.js';
import { apiKey } from './schemas.js';

export const read = createRoute({
  operationId: 'fetchApiKey',
  method: 'get',
  path: '/',
  tags: ['Keys'],
  summary: 'The API key in use: the project it names, and what it may do (no project_id needed)',
  responses: { 200: json(apiKey, 'The key and its project'), ...errorResponses },
});
