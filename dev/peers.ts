/**
 * Loopback stand-ins for the edges that cannot be reached here, for the fault runs: a slow
 * OpenAI-compatible model that calls `notify_user` once per run, and a webhook receiver that
 * verifies signatures and counts deliveries by their id.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

/** A request's body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Listens on a free loopback port; resolves with the server's base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Answers every conversation in two turns, each after `minMs`–`maxMs`: first a `notify_user`
 * call, then (once the tool's result is in the conversation) a final answer.
 */
export async function startSlowProvider(opts: { minMs: number; maxMs: number }) {
  let requests = 0;
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as { model: string; messages: Array<{ role: string }> };
    requests++;
    const delay = opts.minMs + Math.random() * (opts.maxMs - opts.minMs);
    await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    const answered = body.messages.some((m) => m.role === 'tool');
    const message = answered
      ? { role: 'assistant', content: 'All checked; I told the user.' }
      : {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: `call_${requests}`,
              type: 'function',
              function: { name: 'notify_user', arguments: JSON.stringify({ title: 'Heartbeat', body: 'All quiet.' }) },
            },
          ],
        };
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${requests}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message, finish_reason: answered ? 'stop' : 'tool_calls' }],
        usage: { prompt_tokens: 400, completion_tokens: 100, total_tokens: 500 },
      }),
    );
  });
  const url = await listen(server);
  return {
    baseURL: `${url}/v1`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Receives webhooks, verifies their Standard Webhooks signatures and counts them by id. */
export async function startWebhookCounter() {
  let secret = '';
  const received: Array<{ id: string; valid: boolean }> = [];
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let valid = true;
    try {
      new Webhook(secret).verify(raw, req.headers as Record<string, string>);
    } catch {
      valid = false;
    }
    received.push({ id: String(req.headers['webhook-id']), valid });
    res.writeHead(204).end();
  });
  const url = await listen(server);
  return {
    url: `${url}/hook`,
    received,
    setSecret: (s: string) => (secret = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
