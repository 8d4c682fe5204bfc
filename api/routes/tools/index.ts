/** /v1/bot/tool: the tool routes bound to their handlers. */
import { createRouter } from '../../openapi.js';
import * as handlers from './handlers.js';
import * as routes from './routes.js';

/** /v1/bot/tool: a bot's connected MCP servers. */
export const toolRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.connect, handlers.connect)
  .openapi(routes.disconnect, handlers.disconnect);
