/** /v1/bot/notification handler: a page of what notify_user stored. */
import { toNotification } from '../../mappers.js';
import type { AppRouteHandler } from '../../openapi.js';
import { listNotifications } from '../../services/notifications.js';
import type * as routes from './routes.js';

export const readAll: AppRouteHandler<typeof routes.readAll> = async (c) => {
  const { rows, pagination } = await listNotifications(c.var.deps, c.var.owner, c.req.valid('query'));
  return c.json({ notifications: rows.map(toNotification), pagination }, 200);
};
