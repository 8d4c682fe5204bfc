/** The member object and the bodies of /v1/bot/subscriber. */
import { z } from '@hono/zod-openapi';
import { id, projectId, text, time, uuid } from '../../openapi.js';

export const member = z
  .object({
    uuid: id,
    name: z.string().nullable(),
    email: z.string().nullable(),
    external_id: z.string().nullable(),
    created_at: time,
  })
  .openapi('Member');

export const createMemberBody = z.object({
  project_id: projectId,
  name: text(200).trim().min(1).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  external_id: text(200).nullable().optional(),
});
export type CreateMemberBody = z.infer<typeof createMemberBody>;

export const memberRef = z.object({ project_id: projectId, member_id: uuid });
