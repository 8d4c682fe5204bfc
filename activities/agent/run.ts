import type { Db } from '../../db/client.js';
import type { AgentRunInput, AgentRunOutcome } from '../types.js';
import { PermanentProviderError, type ChatMessage, type ChatProvider } from './provider.js';

export interface AgentDeps {
  db: Db;
  provider: ChatProvider;
  /** Credits per 1,000 tokens, by model; 1 when a model is not listed. */
  creditMultipliers: Record<string, number>;
}

export function creditsFor(tokens: number, model: string, multipliers: Record<string, number>): number {
  return Math.ceil((tokens / 1000) * (multipliers[model] ?? 1));
}

/**
 * One agent run: the bot's instruction as the system message, the heartbeat's prompt as the
 * user message, and the provider's final text as the response.
 */
export async function runAgent(deps: AgentDeps, input: AgentRunInput): Promise<AgentRunOutcome> {
  const started = Date.now();
  const bot = await deps.db
    .selectFrom('bots')
    .select(['model', 'instruction'])
    .where('id', '=', input.bot_id)
    .where('project_id', '=', input.project_id)
    .executeTakeFirst();
  const fail = (message: string): AgentRunOutcome => ({
    status: 'error',
    response: null,
    error_message: message,
    tokens_used: 0,
    credits_charged: 0,
    duration_ms: Date.now() - started,
  });
  if (!bot) return fail('the bot no longer exists');

  const messages: ChatMessage[] = [
    ...(bot.instruction ? [{ role: 'system' as const, content: bot.instruction }] : []),
    { role: 'user', content: input.prompt },
  ];
  try {
    const reply = await deps.provider.chat({ model: bot.model, messages, tools: [] });
    const tokens = reply.usage.total_tokens;
    return {
      status: 'success',
      response: reply.content ?? '',
      error_message: null,
      tokens_used: tokens,
      credits_charged: creditsFor(tokens, bot.model, deps.creditMultipliers),
      duration_ms: Date.now() - started,
    };
  } catch (err) {
    if (err instanceof PermanentProviderError) return fail(`${deps.provider.name} provider: ${err.message}`);
    throw err;
  }
}
