import { Context } from '@temporalio/activity';
import type { Db } from '../../db/client.js';
import { agentProfile } from '../../db/queries/bots.js';
import { recentSuccessfulRuns } from '../../db/queries/runs.js';
import { listBotTools } from '../../db/queries/tools.js';
import { creditsFor } from '../../domain/billing.js';
import { storeNotification } from '../notifications.js';
import type { AgentRunInput, AgentRunOutcome } from '../../contract/activities.js';
import { PermanentProviderError, type ChatMessage, type ChatProvider } from './provider.js';
import { connectMcpTools, NOTIFY_USER } from './tools.js';

export interface AgentDeps {
  db: Db;
  provider: ChatProvider;
  /** Credits per 1,000 tokens, by model; 1 when a model is not listed. */
  creditMultipliers: Record<string, number>;
  limits?: { maxSteps?: number; maxWallMs?: number; historyRuns?: number };
}

/** Inside an activity: report liveness and learn of cancellation. Outside (tests, scripts): nothing. */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * Earlier runs of the same heartbeat today (UTC) as conversation history: each heartbeat has a
 * fresh conversation per day, and carries at most the last few exchanges of that day.
 */
async function todaysHistory(db: Db, input: AgentRunInput, limit: number): Promise<ChatMessage[]> {
  const dayStart = new Date();
  dayStart.setUTCHours(0, 0, 0, 0);
  const runs = await recentSuccessfulRuns(db, {
    projectId: input.project_id,
    heartbeatId: input.heartbeat_id,
    since: dayStart,
    excludeRunKey: input.run_key,
    limit,
  });
  return runs.reverse().flatMap((r) => [
    { role: 'user' as const, content: r.prompt },
    { role: 'assistant' as const, content: r.response ?? '' },
  ]);
}

/**
 * One agent run: the bot's instruction as the system message, the heartbeat's prompt as the
 * user message, a bounded tool-call loop over the bot's MCP tools and `notify_user`, and the
 * final assistant text as the response. Usage gives tokens and credits.
 */
export async function runAgent(deps: AgentDeps, input: AgentRunInput): Promise<AgentRunOutcome> {
  const started = Date.now();
  const maxSteps = deps.limits?.maxSteps ?? 8;
  const maxWallMs = deps.limits?.maxWallMs ?? 5 * 60_000;
  const bot = await agentProfile(deps.db, input.project_id, input.bot_id);
  let tokens = 0;
  const notificationIds: string[] = [];
  const outcome = (status: 'success' | 'error', response: string | null, error: string | null): AgentRunOutcome => ({
    status,
    response,
    error_message: error,
    tokens_used: tokens,
    credits_charged: bot ? creditsFor(tokens, bot.model, deps.creditMultipliers) : 0,
    duration_ms: Date.now() - started,
    notification_ids: notificationIds,
  });
  if (!bot) return outcome('error', null, 'the bot no longer exists');

  const servers = await listBotTools(deps.db, input.bot_id);
  const mcp = await connectMcpTools(servers, input.run_key);
  const context = activityContext();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`the run took longer than ${maxWallMs / 1000} s`)), maxWallMs);
  context?.cancelled.catch((err: unknown) => abort.abort(err));

  const messages: ChatMessage[] = [
    ...(bot.instruction ? [{ role: 'system' as const, content: bot.instruction }] : []),
    ...(await todaysHistory(deps.db, input, deps.limits?.historyRuns ?? 5)),
    { role: 'user', content: input.prompt },
  ];
  if (mcp.unavailable.length)
    messages.push({ role: 'system', content: `Tools unavailable this run: ${mcp.unavailable.join('; ')}` });
  const tools = [NOTIFY_USER, ...mcp.specs];
  let notifyIndex = 0;
  try {
    for (let step = 0; step < maxSteps; step++) {
      context?.heartbeat({ step });
      const reply = await deps.provider.chat({ model: bot.model, messages, tools, signal: abort.signal });
      tokens += reply.usage.total_tokens;
      if (reply.tool_calls.length === 0) return outcome('success', reply.content ?? '', null);
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
        if (call.name === NOTIFY_USER.name) {
          const id = await storeNotification(deps.db, {
            project_id: input.project_id,
            bot_id: input.bot_id,
            heartbeat_id: input.heartbeat_id,
            member_id: input.member_id,
            run_key: input.run_key,
            index: notifyIndex++,
            title: String(args.title ?? ''),
            body: String(args.body ?? ''),
          });
          notificationIds.push(id);
          result = `notification ${id} stored`;
        } else {
          result = await mcp.call(call.name, args);
        }
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
    await mcp.close();
  }
}
