/** /v1/bot/notification: the notification route bound to its handler. */
import { createRouter } from '../../openapi.js';
import * as handlers from './handlers.js';
import * as routes from './routes.js';

/** /v1/bot/notification/*: what notify_user stored. */
export const notificationRouter = createRouter().openapi(routes.readAll, handlers.readAll);
