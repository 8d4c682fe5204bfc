/** /v1/bot: the bot routes bound to their handlers. */
import { createRouter } from '../../openapi.js';
import * as handlers from './handlers.js';
import * as routes from './routes.js';

/** /v1/bot/*: bot management. */
export const botRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.read, handlers.read)
  .openapi(routes.readAll, handlers.readAll)
  .openapi(routes.update, handlers.update)
  .openapi(routes.remove, handlers.remove);
