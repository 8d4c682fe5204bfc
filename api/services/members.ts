/** The project's members (subscribers): add, page and remove. */
import type { KeyOwner } from '../../db/queries/api-keys.js';
import { countProjectMembers, deleteMember, insertMember, pageMembers } from '../../db/queries/members.js';
import { lockProject } from '../../db/queries/projects.js';
import type { PageRequest } from '../../db/queries/pages.js';
import { manageProject, requireAccess, requireUnderCap } from '../access.js';
import type { ServiceDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import type { CreateMemberBody } from '../routes/members/schemas.js';

export function createMember(deps: ServiceDeps, owner: KeyOwner, body: CreateMemberBody) {
  requireAccess(owner, manageProject);
  return deps.db.transaction().execute(async (trx) => {
    await lockProject(trx, owner.project.id);
    await requireUnderCap(
      owner,
      'max_members',
      countProjectMembers(trx, owner.project.id),
      'member_limit_reached',
      'members per project',
    );
    return insertMember(trx, {
      project_id: owner.project.id,
      name: body.name ?? null,
      email: body.email ?? null,
      external_id: body.external_id ?? null,
    });
  });
}

export function listMembers(deps: ServiceDeps, owner: KeyOwner, req: PageRequest) {
  return pageMembers(deps.db, owner.project.id, req);
}

export async function removeMember(deps: ServiceDeps, owner: KeyOwner, memberId: string) {
  requireAccess(owner, manageProject);
  const row = await deleteMember(deps.db, owner.project.id, memberId);
  if (!row) throw new ApiError('member_not_found', 'No member with that member_id in this project.');
  return row;
}
