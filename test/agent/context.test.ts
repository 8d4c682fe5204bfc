/**
 * What a run is told of earlier runs: the day's exchanges (today), nothing (fresh), or the
 * summaries of the last runs (digest), within context_token_limit. Real stack, scripted provider.
 */
import { describe, expect, it } from 'vitest';
import { agentHeartbeat, scriptedStack } from '../helpers/agent.js';

const suite = scriptedStack();

async function heartbeat(options: Record<string, unknown>) {
  const hb = await agentHeartbeat(suite.stack, { prompt: 'How is the release going?', ...options });
  return {
    heartbeat: hb.heartbeat,
    /** Runs once with `step` scripted; the messages the model was sent. */
    run: async (step: Parameters<typeof suite.openai.script.push>[0]) => {
      suite.openai.script.push(step);
      expect((await hb.trigger()).status).toBe('success');
      return suite.openai.requests.at(-1)!.messages as Array<{ role: string; content: string }>;
    },
  };
}

const reportWith = (summary: string) => ({
  toolCalls: [{ name: 'report_outcome', args: { outcome: 'progress', summary } }],
});

describe('context modes', () => {
  it("today (the default) carries the day's exchanges; fresh carries none", async () => {
    const today = await heartbeat({});
    expect(today.heartbeat).toMatchObject({ context: 'today', context_runs: 5, context_token_limit: null });
    await today.run({ answer: 'Two blockers left.' });
    const second = await today.run({ answer: 'One blocker left.' });
    expect(second).toContainEqual({ role: 'assistant', content: 'Two blockers left.' });

    const fresh = await heartbeat({ context: 'fresh' });
    await fresh.run({ answer: 'Two blockers left.' });
    const again = await fresh.run({ answer: 'One blocker left.' });
    expect(again.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('digest tells the run the summaries of the last context_runs runs, oldest first', async () => {
    const digest = await heartbeat({ context: 'digest', context_runs: 2 });
    await digest.run(reportWith('Blockers: 3'));
    await digest.run({ answer: 'no summary in this one' });
    await digest.run(reportWith('Blockers: 2'));
    await digest.run(reportWith('Blockers: 1'));
    const messages = await digest.run({ answer: 'Shipped.' });
    const told = messages.filter((m) => m.role === 'system').map((m) => m.content);
    expect(told).toHaveLength(2); // the instruction, then the digest
    expect(told[1]).toMatch(/^What this heartbeat's latest runs found, oldest first:\n/);
    expect(told[1]).toMatch(/\(progress\): Blockers: 2\n.*\(progress\): Blockers: 1$/);
    expect(told[1]).not.toContain('Blockers: 3');
    // Summaries, not exchanges: no earlier answers in the conversation.
    expect(messages.filter((m) => m.role === 'assistant')).toEqual([]);
  });

  it('context_token_limit drops the oldest of what earlier runs add', async () => {
    // Each exchange here is about 30 tokens (4 characters a token): a limit of 70 keeps the newest two.
    const limited = await heartbeat({ context_token_limit: 70 });
    for (const answer of ['A'.repeat(100), 'B'.repeat(100), 'C'.repeat(100)]) await limited.run({ answer });
    const messages = await limited.run({ answer: 'done' });
    const answers = messages.filter((m) => m.role === 'assistant').map((m) => m.content[0]);
    expect(answers).toEqual(['B', 'C']);
  });
});
