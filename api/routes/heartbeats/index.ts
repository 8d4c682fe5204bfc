/** /v1/bot/heartbeat: the heartbeat routes bound to their handlers. */
import { createRouter } from '../../openapi.js';
import * as handlers from './handlers.js';
import * as routes from './routes.js';

/** /v1/bot/heartbeat/*: the public Heartbeat API. */
export const heartbeatRouter = createRouter()
  .openapi(routes.configure, handlers.configure)
  .openapi(routes.preview, handlers.preview)
  .openapi(routes.readAll, handlers.readAll)
  .openapi(routes.read, handlers.read)
  .openapi(routes.enable, handlers.enable)
  .openapi(routes.disable, handlers.disable)
  .openapi(routes.trigger, handlers.trigger)
  .openapi(routes.remove, handlers.remove)
  .openapi(routes.versions, handlers.versions)
  .openapi(routes.logs, handlers.logs)
  .openapi(routes.statistics, handlers.statistics);
