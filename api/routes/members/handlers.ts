/** /v1/bot/subscriber handlers: parse, call the member service, answer. */
import { toMember } from '../../mappers.js';
import type { AppRouteHandler } from '../../openapi.js';
import { createMember, listMembers, removeMember } from '../../services/members.js';
import type * as routes from './routes.js';

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const row = await createMember(c.var.deps, c.var.owner, c.req.valid('json'));
  return c.json({ member: toMember(row) }, 200);
};

export const readAll: AppRouteHandler<typeof routes.readAll> = async (c) => {
  const { rows, pagination } = await listMembers(c.var.deps, c.var.owner, c.req.valid('query'));
  return c.json({ members: rows.map(toMember), pagination }, 200);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const row = await removeMember(c.var.deps, c.var.owner, c.req.valid('query').member_id);
  return c.json({ deleted: true, member: toMember(row) }, 200);
};
