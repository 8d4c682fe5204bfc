/**
 * The precheck: before any model call, a GET to the heartbeat's `precheck_url` asks whether
 * anything changed. Sent under the outbound policy and signed like a webhook (with the bot's
 * webhook secret, when it has one), answered within 10 s; its answer is untrusted and bounded.
 */
import type { PrecheckResult } from '../domain/outcome.js';
import { storableText, TEXT_LIMITS } from '../domain/text.js';
import type { ActivityDeps } from './deps.js';
import { signedHeaders } from './notifications.js';

export interface PrecheckAnswer {
  result: PrecheckResult;
  /** What changed, to add to the prompt (`changed` only). */
  context?: string;
  /** Why the answer was ignored (`ignored` only). */
  note: string | null;
}

const TIMEOUT_MS = 10_000;
/** The most of an answer read: a precheck says "changed or not" and a little context. */
const MAX_ANSWER_BYTES = 64 * 1024;

const ignored = (note: string): PrecheckAnswer => ({
  result: 'ignored',
  note: storableText(note, TEXT_LIMITS.precheck_note),
});

export async function runPrecheck(
  deps: Pick<ActivityDeps, 'fetch' | 'secrets'>,
  p: { url: string; runKey: string; sealedSecret: string | null; signal?: AbortSignal },
): Promise<PrecheckAnswer> {
  const id = `${p.runKey}:precheck`;
  const signal = p.signal
    ? AbortSignal.any([p.signal, AbortSignal.timeout(TIMEOUT_MS)])
    : AbortSignal.timeout(TIMEOUT_MS);
  let response: Response;
  try {
    response = await deps.fetch(p.url, {
      method: 'GET',
      headers: {
        accept: 'application/json',
        'idempotency-key': id,
        ...(p.sealedSecret
          ? signedHeaders(deps.secrets.open(p.sealedSecret, 'webhook_secret'), id, '')
          : { 'webhook-id': id }),
      },
      // A redirect is an answer like any other: where it points is not vetted, so not followed.
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    if (p.signal?.aborted) throw err;
    const reason = (err as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : describe(err);
    return ignored(`the precheck failed: ${reason}`);
  }
  if (response.status === 304) return { result: 'unchanged', note: null };
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    return ignored(`the precheck answered ${response.status}`);
  }
  const text = await boundedText(response);
  if (text === undefined) return ignored(`the precheck's answer is over ${MAX_ANSWER_BYTES / 1024} KiB`);
  return answerOf(text);
}

/** `{"changed": false}` or `{"changed": true, "context": "…"}`; anything else is ignored. */
export function answerOf(text: string): PrecheckAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return ignored('the precheck answered 200 without JSON');
  }
  const changed = (body as { changed?: unknown } | null)?.changed;
  if (typeof changed !== 'boolean') return ignored('the precheck answered 200 without a boolean "changed"');
  if (!changed) return { result: 'unchanged', note: null };
  const context = (body as { context?: unknown }).context;
  return {
    result: 'changed',
    note: null,
    ...(typeof context === 'string' &&
      context.trim() && { context: storableText(context, TEXT_LIMITS.precheck_context) }),
  };
}

/** The answer's text, or undefined past the limit (read no further). */
async function boundedText(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: Error };
  return e.cause?.message ? `${e.message} (${e.cause.message})` : e.message;
}
