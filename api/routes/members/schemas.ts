import { z } from '@hono/zod-openapi';
import { projectId, uuid } from '../../openapi.js';

export const member = z
  .object({
    uuid: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    external_id: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('Member');

export const createMemberBody = z.object({
  project_id: projectId,
  name: z.string().trim().min(1).max(200).nullable().optional(),
  email: z.email().nullable().optional(),
  external_id: z.string().max(200).nullable().optional(),
});
export type CreateMemberBody = z.infer<typeof createMemberBody>;

export const memberRef = z.object({ project_id: projectId, member_id: uuid });
