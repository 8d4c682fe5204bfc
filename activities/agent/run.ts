/**
 * One agent run, cheapest step first: a triage model (when the heartbeat has one) may end it as
 * nothing_to_report; otherwise the heartbeat's model (or the bot's) runs the tool loop over the
 * bot's MCP tools and the built-in ones. Usage gives tokens and credits, each model at its own
 * multiplier; model output is stored bounded and without NUL characters.
 */
import type { AgentRunInput, AgentRunOutcome } from '../../contract/activities.js';
import { storableOrNull, TEXT_LIMITS } from '../../domain/text.js';
import { REPORT_OUTCOME } from './builtins.js';
import { openingMessages, type EarlierRuns } from './conversation.js';
import {
  answered,
  ask,
  failed,
  overLimit,
  reportIn,
  reported,
  Spend,
  toolLoop,
  type AgentDeps,
  type Loop,
  type RunEnd,
} from './loop.js';
import { PermanentProviderError, type ChatMessage } from './provider.js';
import { connectMcpTools, type McpServer } from './tools.js';

export { RUN_CREDIT_LIMIT, type AgentDeps } from './loop.js';

/** What a run knows of its bot and heartbeat: read with the rest of the run's context. */
export interface AgentProfile {
  /** The heartbeat's model, or its bot's. */
  model: string;
  instruction: string;
  tools: McpServer[];
  earlier: EarlierRuns;
  /** A cheaper model that looks first. */
  triage_model?: string;
  /** The most, in tokens, that earlier runs may add. */
  context_token_limit?: number;
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
   * between model calls, so a tool loop stops there instead of spending past it.
   */
  creditLimit?: number | null;
}

const TRIAGE_INSTRUCTION =
  'You are the first, quick look of a scheduled check. If nothing in it needs a fuller agent (no tool to ' +
  'call, nobody to tell), call report_outcome with outcome nothing_to_report. Otherwise call report_outcome ' +
  'with progress or needs_attention, and a fuller agent with tools takes over.';

/** The triage model's look: a nothing_to_report ends the run; anything else escalates. */
async function triage(loop: Loop, model: string, opening: ChatMessage[]): Promise<RunEnd | undefined> {
  const reply = await ask(
    loop,
    model,
    [{ role: 'system', content: TRIAGE_INSTRUCTION }, ...opening],
    [REPORT_OUTCOME.spec],
  );
  if (reply.tool_calls.length === 0) {
    const end = answered(reply.content);
    return end.report ? end : undefined;
  }
  const report = reportIn(reply.tool_calls);
  if (report?.outcome !== 'nothing_to_report') return undefined;
  loop.toolCalls.push({ name: REPORT_OUTCOME.spec.name, ok: true, duration_ms: 0 });
  return reported(reply, report);
}

export async function runAgent(
  deps: AgentDeps,
  input: AgentRunInput,
  profile: AgentProfile | undefined,
  hooks: AgentHooks = {},
): Promise<AgentRunOutcome> {
  const started = Date.now();
  const maxWallMs = deps.limits?.maxWallMs ?? 5 * 60_000;
  const abort = new AbortController();
  const loop: Loop = {
    deps,
    input,
    spend: new Spend(deps.creditMultipliers),
    signal: abort.signal,
    onProviderCall: hooks.onProviderCall,
    onUsage: hooks.onUsage,
    creditLimit: hooks.creditLimit,
    toolCalls: [],
    notificationIds: [],
  };
  let triageTokens: number | undefined;
  let escalated: boolean | undefined;
  // Model output is untrusted: stored without NUL characters and bounded in length.
  const outcome = (end: RunEnd): AgentRunOutcome => ({
    status: end.status,
    response: storableOrNull(end.response, TEXT_LIMITS.response),
    error_message: storableOrNull(end.error, TEXT_LIMITS.error_message),
    ...(end.error_code && { error_code: end.error_code }),
    tokens_used: loop.spend.tokens,
    credits_charged: loop.spend.credits,
    duration_ms: Date.now() - started,
    notification_ids: loop.notificationIds,
    tool_calls: loop.toolCalls,
    report: end.report ?? null,
    ...(escalated !== undefined && { escalated, triage_tokens_used: triageTokens }),
  });
  if (!profile) return outcome(failed('the bot no longer exists'));

  const timer = setTimeout(() => abort.abort(new Error(`the run took longer than ${maxWallMs / 1000} s`)), maxWallMs);
  const onCancel = () => abort.abort(hooks.signal?.reason);
  hooks.signal?.addEventListener('abort', onCancel);
  let mcp: Awaited<ReturnType<typeof connectMcpTools>> | undefined;
  try {
    const opening = openingMessages(input, profile.instruction, profile.earlier, profile.context_token_limit);
    if (profile.triage_model) {
      const ended = await triage(loop, profile.triage_model, opening);
      triageTokens = loop.spend.tokens;
      escalated = ended === undefined;
      if (ended) return outcome(ended);
      const stop = overLimit(loop);
      if (stop) return outcome(stop);
    }
    // Connected only once the full model runs: a run the triage ends opens no MCP session.
    mcp = await connectMcpTools(profile.tools, input.run_key, deps.fetch, abort.signal);
    if (mcp.unavailable.length)
      opening.push({ role: 'system', content: `Tools unavailable this run: ${mcp.unavailable.join('; ')}` });
    return outcome(await toolLoop(loop, profile.model, opening, mcp, deps.limits?.maxSteps ?? 8));
  } catch (err) {
    if (err instanceof PermanentProviderError) return outcome(failed(`${deps.provider.name} provider: ${err.message}`));
    if (abort.signal.aborted)
      return outcome(failed(`run aborted: ${(abort.signal.reason as Error)?.message ?? 'cancelled'}`));
    throw err;
  } finally {
    clearTimeout(timer);
    hooks.signal?.removeEventListener('abort', onCancel);
    await mcp?.close();
  }
}
