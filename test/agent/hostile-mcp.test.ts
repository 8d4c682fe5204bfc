/**
 * A bot's MCP server is run by whoever set it up: whatever it answers, a run stays within its
 * bytes, its time and its cancellation, and what reaches the model from it is bounded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runAgent } from '../../activities/agent/run.js';
import { connectMcpTools, MCP_LIMITS } from '../../activities/agent/tools.js';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { createOutboundFetch } from '../../outbound/fetch.js';
import { startHostileMcpServer, startScriptedOpenAI, type HostileMode } from '../helpers/loopback.js';

const fetch = createOutboundFetch({ allowPrivate: true });
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closing.splice(0)) await close();
});

async function hostile(mode: HostileMode, seen?: (method: string) => void) {
  const server = await startHostileMcpServer(mode, seen);
  closing.push(server.close);
  return server;
}

const tools = (url: string) => [{ server_label: 'hostile', server_url: url, headers: {} }];

describe('a hostile MCP server', () => {
  it('cannot hand a run more than the byte cap: its tool list makes it unavailable instead', async () => {
    const server = await hostile('huge_list');
    const mcp = await connectMcpTools(tools(server.url), 'run-1', fetch, new AbortController().signal);
    await mcp.close();
    expect(mcp.specs).toHaveLength(0);
    expect(mcp.unavailable).toEqual([expect.stringContaining(`more than ${MCP_LIMITS.responseBytes} bytes`)]);
    // The server was cut off long before it had written its 40 MB.
    expect(server.stats.bytesWritten).toBeLessThan(10 * MCP_LIMITS.responseBytes);
  });

  it('is given up on when the run ends while it lists its tools', async () => {
    const run = new AbortController();
    const server = await hostile('hang_list', (method) => method === 'tools/list' && run.abort(new Error('ended')));
    const mcp = await connectMcpTools(tools(server.url), 'run-2', fetch, run.signal);
    await mcp.close();
    expect(mcp.unavailable).toHaveLength(1);
    await expect.poll(() => server.stats.closed).toBeGreaterThan(0);
  }, 20_000);

  it('cannot hold a run past its cancellation with a tool call that never answers', async () => {
    const openai = await startScriptedOpenAI([{ toolCalls: [{ name: 'hostile__wait', args: {} }] }]);
    closing.push(openai.close);
    const cancel = new AbortController();
    const server = await hostile(
      'hang_call',
      (method) => method === 'tools/call' && cancel.abort(new Error('cancelled')),
    );
    const outcome = await runAgent(
      {
        db: undefined as never,
        provider: new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 5_000 }),
        creditMultipliers: {},
        fetch,
      },
      { prompt: 'Wait', run_key: 'run-3' } as never,
      { model: 'm', instruction: '', tools: tools(server.url), earlier: { mode: 'fresh' } },
      { signal: cancel.signal },
    );
    expect(outcome.status).toBe('error');
    expect(outcome.tool_calls).toEqual([expect.objectContaining({ name: 'hostile__wait', ok: false })]);
    await expect.poll(() => server.stats.closed).toBeGreaterThan(0);
  }, 20_000);

  it('reaches the model with a bounded error without control characters, however large its error body', async () => {
    const server = await hostile('error_body');
    const mcp = await connectMcpTools(tools(server.url), 'run-4', fetch, new AbortController().signal);
    await mcp.close();
    expect(mcp.unavailable).toHaveLength(1);
    expect(mcp.unavailable[0]!.length).toBeLessThanOrEqual(MCP_LIMITS.errorChars + 20);

    expect(mcp.unavailable[0]).not.toMatch(/[\u0000-\u0008]/);
  });
});
