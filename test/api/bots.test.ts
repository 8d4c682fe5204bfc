/** Bots, subscribers and tools over the API: paging, updates and deletes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caller, createStack, seedProject, type Stack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack?.close();
});

function expectError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.body.error).toMatchObject({ status, code });
}

describe('bots, subscribers and tools: success paths', () => {
  it('pages bots and subscribers, updates and deletes them', async () => {
    const p = await seedProject(stack.db, 'pro');
    const c = caller(stack.app, p.key);
    for (const name of ['two', 'three'])
      expect((await c.post('/v1/bot/create', { project_id: p.projectId, name })).status).toBe(200);
    const page = await c.get('/v1/bot/readall', { project_id: p.projectId, per_page: 2, page: 2 });
    expect(page.body.pagination).toEqual({ page: 2, per_page: 2, total: 3, total_pages: 2 });
    expect(page.body.bots.map((x: { name: string }) => x.name)).toEqual(['three']);
    const updated = await c.put('/v1/bot/update', {
      project_id: p.projectId,
      bot_id: p.botId,
      name: 'Renamed',
      instruction: 'Be kind.',
      model: 'gpt-4o',
    });
    expect(updated.body.bot).toMatchObject({ name: 'Renamed', instruction: 'Be kind.', model: 'gpt-4o' });
    expect((await c.get('/v1/bot/read', { project_id: p.projectId, bot_id: p.botId })).body.bot.name).toBe('Renamed');

    const members = [];
    for (const name of ['a', 'b', 'c']) {
      members.push(
        (await c.post('/v1/bot/subscriber/create', { project_id: p.projectId, name, email: `${name}@example.com` }))
          .body.member,
      );
    }
    const listed = await c.get('/v1/bot/subscriber/readall', { project_id: p.projectId, per_page: 2 });
    expect(listed.body.pagination).toEqual({ page: 1, per_page: 2, total: 3, total_pages: 2 });
    const removed = await c.del('/v1/bot/subscriber/delete', { project_id: p.projectId, member_id: members[0].uuid });
    expect(removed.body).toMatchObject({ deleted: true, member: { uuid: members[0].uuid, email: 'a@example.com' } });
    expect((await c.get('/v1/bot/subscriber/readall', { project_id: p.projectId })).body.pagination.total).toBe(2);

    const tool = await c.post('/v1/bot/tool', {
      project_id: p.projectId,
      bot_id: p.botId,
      server_label: 'docs',
      server_url: 'http://127.0.0.1:9/mcp',
    });
    expect(tool.body.tool).toMatchObject({ server_label: 'docs', header_names: [] });
    expect((await c.del('/v1/bot/tool', { project_id: p.projectId, tool_id: tool.body.tool.uuid })).body.deleted).toBe(
      true,
    );
    expectError(
      await c.del('/v1/bot/tool', { project_id: p.projectId, tool_id: tool.body.tool.uuid }),
      404,
      'tool_not_found',
    );
    expect((await c.get('/v1/bot/tool', { project_id: p.projectId, bot_id: p.botId })).body.tools).toEqual([]);
  });
});
