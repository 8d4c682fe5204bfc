/** /v1/key handler: the key in use, its project and grant. */
import { describeGrant } from '../../../domain/access.js';
import type { AppRouteHandler } from '../../openapi.js';
import type * as routes from './routes.js';

export const read: AppRouteHandler<typeof routes.read> = (c) => {
  const { key, project, plan } = c.var.owner;
  return c.json(
    {
      key: { prefix: key.prefix, name: key.name, scope: key.scope, bot_id: key.bot_id, access: describeGrant(key) },
      project: { id: project.id, name: project.name, plan: plan.id, rate_limit_per_minute: plan.rate_limit_per_minute },
    },
    200,
  );
};
