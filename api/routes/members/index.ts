/** /v1/bot/subscriber: the member routes bound to their handlers. */
import { createRouter } from '../../openapi.js';
import * as handlers from './handlers.js';
import * as routes from './routes.js';

/** /v1/bot/subscriber/*: the project's members. */
export const memberRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.readAll, handlers.readAll)
  .openapi(routes.remove, handlers.remove);
