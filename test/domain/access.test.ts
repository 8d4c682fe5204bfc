/** What a key may do, by its scope. */
import { describe, expect, it } from 'vitest';
import { describeGrant, refusal, type Action, type KeyGrant } from '../../domain/access.js';

const bot = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';
const read: Action = { kind: 'read' };
const change = (botId: string): Action => ({ kind: 'change_heartbeats', botId });
const manage: Action = { kind: 'manage' };

describe('what a key may do', () => {
  it('a full key does everything; any key reads', () => {
    const full: KeyGrant = { scope: 'full', bot_id: null };
    expect([read, change(bot), manage].map((a) => refusal(full, a))).toEqual([undefined, undefined, undefined]);
    expect(refusal({ scope: 'heartbeats:read', bot_id: null }, read)).toBeUndefined();
  });

  it('a read key changes nothing; a write key changes heartbeats but manages nothing', () => {
    const readOnly: KeyGrant = { scope: 'heartbeats:read', bot_id: null };
    expect(refusal(readOnly, change(bot))).toBe('insufficient_scope');
    expect(refusal(readOnly, manage)).toBe('insufficient_scope');
    const write: KeyGrant = { scope: 'heartbeats:write', bot_id: null };
    expect(refusal(write, change(other))).toBeUndefined();
    expect(refusal(write, manage)).toBe('insufficient_scope');
  });

  it("a write key bound to a bot changes that bot's heartbeats only", () => {
    const bound: KeyGrant = { scope: 'heartbeats:write', bot_id: bot };
    expect(refusal(bound, change(bot))).toBeUndefined();
    expect(refusal(bound, change(other))).toBe('bot_outside_key_scope');
    expect(refusal(bound, read)).toBeUndefined();
    expect(describeGrant(bound)).toBe(`reads everything, changes and runs the heartbeats of bot ${bot} only`);
  });
});
