/**
 * The tool-call loop of a run: ask the model, run the tools it calls (the bot's MCP tools,
 * `notify_user`, `report_outcome`), hand their results back, until it answers, reports its
 * outcome, reaches the run's credit limit or its step limit.
 */
import type { AgentRunInput, ToolCallRecord } from '../../contract/activities.js';
import { creditsFor } from '../../domain/billing.js';
import { quietAnswer, type OutcomeReport } from '../../domain/outcome.js';
import { storableText, TEXT_LIMITS } from '../../domain/text.js';
import type { ActivityDeps } from '../deps.js';
import { withDbRetry } from '../attempts.js';
import { storeNotification } from '../notifications.js';
import { NOTIFY_USER, REPORT_OUTCOME } from './builtins.js';
import type { ChatMessage, ChatResponse, ToolCall, ToolSpec } from './provider.js';
import type { ConnectedTools } from './tools.js';

export type AgentDeps = Pick<ActivityDeps, 'db' | 'provider' | 'creditMultipliers' | 'limits' | 'fetch'>;

/** The stable code of a run stopped at its credit limit. */
export const RUN_CREDIT_LIMIT = 'run_credit_limit';

/** How a run ended, before it is made storable. */
export interface RunEnd {
  status: 'success' | 'error';
  response: string | null;
  error: string | null;
  error_code?: string;
  report?: OutcomeReport;
}

export const failed = (error: string, error_code?: string): RunEnd => ({
  status: 'error',
  response: null,
  error,
  ...(error_code && { error_code }),
});

/** Tokens spent by model, and the credits they cost (each model at its own multiplier). */
export class Spend {
  private readonly byModel = new Map<string, number>();
  constructor(private readonly multipliers: Record<string, number>) {}

  add(model: string, tokens: number): void {
    this.byModel.set(model, (this.byModel.get(model) ?? 0) + tokens);
  }

  get tokens(): number {
    let sum = 0;
    for (const t of this.byModel.values()) sum += t;
    return sum;
  }

  get credits(): number {
    let sum = 0;
    for (const [model, t] of this.byModel) sum += creditsFor(t, model, this.multipliers);
    return sum;
  }
}

/** What a loop works with; `toolCalls` and `notificationIds` collect what it did. */
export interface Loop {
  deps: AgentDeps;
  input: AgentRunInput;
  spend: Spend;
  signal: AbortSignal;
  /** Called before each request to the model provider. */
  onProviderCall?: () => void;
  onUsage?: (spent: { tokens: number; credits: number }) => void;
  creditLimit?: number | null;
  toolCalls: ToolCallRecord[];
  notificationIds: string[];
}

/** One model call, its usage counted. */
export async function ask(loop: Loop, model: string, messages: ChatMessage[], tools: ToolSpec[]) {
  loop.onProviderCall?.();
  const reply = await loop.deps.provider.chat({ model, messages, tools, signal: loop.signal });
  loop.spend.add(model, reply.usage.total_tokens);
  loop.onUsage?.({ tokens: loop.spend.tokens, credits: loop.spend.credits });
  return reply;
}

/** The credit limit is reached: the run stops before another model call. */
export function overLimit(loop: Loop): RunEnd | undefined {
  const limit = loop.creditLimit;
  if (limit === undefined || limit === null || loop.spend.credits < limit) return undefined;
  return failed(
    `stopped at the run's credit limit of ${limit} (${loop.spend.credits} used) before another model call`,
    RUN_CREDIT_LIMIT,
  );
}

/** The first well-formed report_outcome call of a reply, if any. */
export function reportIn(calls: ToolCall[]): OutcomeReport | undefined {
  for (const call of calls) {
    if (call.name !== REPORT_OUTCOME.spec.name) continue;
    const parsed = REPORT_OUTCOME.parse(parseArgs(call.arguments));
    if (!parsed.ok) continue;
    const { outcome, summary, next_check_in_minutes } = parsed.value;
    return {
      outcome,
      summary: storableText(summary, TEXT_LIMITS.summary),
      next_check_in_minutes: next_check_in_minutes ?? null,
    };
  }
  return undefined;
}

/** A final answer: `HEARTBEAT_OK` makes it a nothing_to_report, with the token stripped. */
export function answered(content: string | null): RunEnd {
  const quiet = quietAnswer(content);
  if (quiet === undefined) return { status: 'success', response: content ?? '', error: null };
  const report = { outcome: 'nothing_to_report' as const, summary: quiet || null, next_check_in_minutes: null };
  return { status: 'success', response: quiet, error: null, report };
}

/** A reported outcome ends the run: its answer is the model's text, or the summary. */
export function reported(reply: ChatResponse, report: OutcomeReport): RunEnd {
  const text = reply.content?.trim() ? reply.content : report.summary;
  return { status: 'success', response: text, error: null, report };
}

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return undefined;
  }
}

/** The bounded loop over the model and its tools. */
export async function toolLoop(
  loop: Loop,
  model: string,
  messages: ChatMessage[],
  mcp: ConnectedTools,
  maxSteps: number,
): Promise<RunEnd> {
  const tools = [NOTIFY_USER.spec, REPORT_OUTCOME.spec, ...mcp.specs];
  for (let step = 0; step < maxSteps; step++) {
    const reply = await ask(loop, model, messages, tools);
    if (reply.tool_calls.length === 0) return answered(reply.content);
    const report = reportIn(reply.tool_calls);
    // A reply that ends the run has its tools run; another stops here at the limit.
    const stop = report ? undefined : overLimit(loop);
    if (stop) return stop;
    messages.push({ role: 'assistant', content: reply.content, tool_calls: reply.tool_calls });
    for (const call of reply.tool_calls) {
      messages.push({ role: 'tool', tool_call_id: call.id, content: await callTool(loop, call, mcp) });
    }
    if (report) return reported(reply, report);
  }
  return failed(`stopped after ${maxSteps} tool-call steps without a final answer`);
}

/** Runs one tool call; its result (or error) is text for the model. */
async function callTool(loop: Loop, call: ToolCall, mcp: ConnectedTools): Promise<string> {
  const args = parseArgs(call.arguments);
  if (args === undefined) return 'error: the arguments are not valid JSON';
  const started = Date.now();
  let result: string;
  if (call.name === NOTIFY_USER.spec.name) {
    result = await notify(loop, args);
  } else if (call.name === REPORT_OUTCOME.spec.name) {
    const parsed = REPORT_OUTCOME.parse(args);
    result = parsed.ok ? 'outcome recorded; the run ends here' : parsed.error;
  } else {
    result = await mcp.call(call.name, args as Record<string, unknown>);
  }
  loop.toolCalls.push({
    name: storableText(call.name, TEXT_LIMITS.tool_name),
    ok: !result.startsWith('error: '),
    duration_ms: Date.now() - started,
  });
  return result;
}

async function notify(loop: Loop, args: unknown): Promise<string> {
  const parsed = NOTIFY_USER.parse(args);
  if (!parsed.ok) return parsed.error;
  const { input } = loop;
  const notification = {
    project_id: input.project_id,
    bot_id: input.bot_id,
    heartbeat_id: input.heartbeat_id,
    member_id: input.member_id,
    run_key: input.run_key,
    index: loop.notificationIds.length,
    title: storableText(parsed.value.title, TEXT_LIMITS.notification_title),
    body: storableText(parsed.value.body, TEXT_LIMITS.notification_body),
  };
  // The database may be briefly away: the run waits for it rather than failing.
  const id = await withDbRetry(() => storeNotification(loop.deps.db, notification), loop.signal);
  loop.notificationIds.push(id);
  return `notification ${id} stored`;
}
