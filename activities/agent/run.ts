/**
 * One agent run: the conversation with the model, its tool calls, notify_user, and the tokens and
 * credits it used.
 */
import type { AgentRunInput, AgentRunOutcome, ToolCallRecord } from '../../contract/activities.js';
import type { ActivityDeps } from '../deps.js';
import { creditsFor } from '../../domain/billing.js';
import { storableOrNull, storableText, TEXT_LIMITS } from '../../domain/text.js';
import { withDbRetry } from '../attempts.js';
import { storeNotification } from '../notifications.js';
import { PermanentProviderError, type ChatMessage } from './provider.js';
import { connectMcpTools, NOTIFY_USER, type McpServer } from './tools.js';

export type AgentDeps = Pick<ActivityDeps, 'db' | 'provider' | 'creditMultipliers' | 'limits' | 'fetch'>;

/** What a run knows of its bot: read with the rest of the run's context. */
export interface AgentProfile {
  model: string;
  instruction: string;
  tools: McpServer[];
  /** The heartbeat's earlier exchanges today, newest first. */
  history: Array<{ prompt: string; response: string | null }>;
}

export interface AgentHooks {
  /** Called before each request to the model provider. */
  onProviderCall?: () => void;
  /** Called after each answer with what the run has spent so far, as the provider reported it. */
  onUsage?: (spent: { tokens: number; credits: number }) => void;
  /** Aborts the run (the activity was cancelled). */
  signal?: AbortSignal;
  /**
   * The most the run may spend, in credits (the budget left, or a tighter per-run limit): checked
   * between model calls, so a tool loop stops there instead of spending past the budget.
   */
  creditLimit?: number | null;
}

/** The stable code of a run stopped at its credit limit. */
export const RUN_CREDIT_LIMIT = 'run_credit_limit';

/**
 * One agent run: the bot's instruction as the system message, the heartbeat's earlier exchanges
 * of the day and its prompt as the conversation, a bounded tool-call loop over the bot's MCP
 * tools and `notify_user`, and the final assistant text as the response. Usage gives tokens
 * and credits. A fresh conversation per heartbeat per day: the history is that day's.
 */
export async function runAgent(
  deps: AgentDeps,
  input: AgentRunInput,
  profile: AgentProfile | undefined,
  hooks: AgentHooks = {},
): Promise<AgentRunOutcome> {
  const started = Date.now();
  const maxSteps = deps.limits?.maxSteps ?? 8;
  const maxWallMs = deps.limits?.maxWallMs ?? 5 * 60_000;
  let tokens = 0;
  const notificationIds: string[] = [];
  const toolCalls: ToolCallRecord[] = [];
  const credits = () => (profile ? creditsFor(tokens, profile.model, deps.creditMultipliers) : 0);
  // Model output is untrusted: stored without NUL characters and bounded in length.
  const outcome = (
    status: 'success' | 'error',
    response: string | null,
    error: string | null,
    error_code: string | null = null,
  ): AgentRunOutcome => ({
    status,
    response: storableOrNull(response, TEXT_LIMITS.response),
    error_message: storableOrNull(error, TEXT_LIMITS.error_message),
    ...(error_code && { error_code }),
    tokens_used: tokens,
    credits_charged: credits(),
    duration_ms: Date.now() - started,
    notification_ids: notificationIds,
    tool_calls: toolCalls,
  });
  if (!profile) return outcome('error', null, 'the bot no longer exists');

  const mcp = await connectMcpTools(profile.tools, input.run_key, deps.fetch);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`the run took longer than ${maxWallMs / 1000} s`)), maxWallMs);
  const onCancel = () => abort.abort(hooks.signal?.reason);
  hooks.signal?.addEventListener('abort', onCancel);

  const messages: ChatMessage[] = [
    ...(profile.instruction ? [{ role: 'system' as const, content: profile.instruction }] : []),
    ...[...profile.history].reverse().flatMap((r) => [
      { role: 'user' as const, content: r.prompt },
      { role: 'assistant' as const, content: r.response ?? '' },
    ]),
    { role: 'user', content: input.prompt },
  ];
  if (mcp.unavailable.length)
    messages.push({ role: 'system', content: `Tools unavailable this run: ${mcp.unavailable.join('; ')}` });
  const tools = [NOTIFY_USER, ...mcp.specs];
  let notifyIndex = 0;
  try {
    for (let step = 0; step < maxSteps; step++) {
      hooks.onProviderCall?.();
      const reply = await deps.provider.chat({ model: profile.model, messages, tools, signal: abort.signal });
      tokens += reply.usage.total_tokens;
      hooks.onUsage?.({ tokens, credits: credits() });
      if (reply.tool_calls.length === 0) return outcome('success', reply.content ?? '', null);
      const limit = hooks.creditLimit;
      if (limit !== undefined && limit !== null && credits() >= limit) {
        return outcome(
          'error',
          null,
          `stopped at the run's credit limit of ${limit} (${credits()} used) before another model call`,
          RUN_CREDIT_LIMIT,
        );
      }
      messages.push({ role: 'assistant', content: reply.content, tool_calls: reply.tool_calls });
      for (const call of reply.tool_calls) {
        let args: Record<string, unknown>;
        try {
          args = JSON.parse(call.arguments || '{}') as Record<string, unknown>;
        } catch {
          messages.push({ role: 'tool', tool_call_id: call.id, content: 'error: the arguments are not valid JSON' });
          continue;
        }
        let result: string;
        const callStarted = Date.now();
        if (call.name === NOTIFY_USER.name) {
          const notification = {
            project_id: input.project_id,
            bot_id: input.bot_id,
            heartbeat_id: input.heartbeat_id,
            member_id: input.member_id,
            run_key: input.run_key,
            index: notifyIndex++,
            title: storableText(String(args.title ?? ''), TEXT_LIMITS.notification_title),
            body: storableText(String(args.body ?? ''), TEXT_LIMITS.notification_body),
          };
          // The database may be briefly away: the run waits for it rather than failing.
          const id = await withDbRetry(() => storeNotification(deps.db, notification), hooks.signal);
          notificationIds.push(id);
          result = `notification ${id} stored`;
        } else {
          result = await mcp.call(call.name, args);
        }
        toolCalls.push({
          name: storableText(call.name, TEXT_LIMITS.tool_name),
          ok: !result.startsWith('error: '),
          duration_ms: Date.now() - callStarted,
        });
        messages.push({ role: 'tool', tool_call_id: call.id, content: result });
      }
    }
    return outcome('error', null, `stopped after ${maxSteps} tool-call steps without a final answer`);
  } catch (err) {
    if (err instanceof PermanentProviderError)
      return outcome('error', null, `${deps.provider.name} provider: ${err.message}`);
    if (abort.signal.aborted)
      return outcome('error', null, `run aborted: ${(abort.signal.reason as Error)?.message ?? 'cancelled'}`);
    throw err;
  } finally {
    clearTimeout(timer);
    hooks.signal?.removeEventListener('abort', onCancel);
    await mcp.close();
  }
}
