/**
 * The conversation a run starts from: the bot's instruction, what the run is told of the
 * heartbeat's earlier runs (its context mode), and the prompt with what the precheck found.
 */
import type { AgentRunInput } from '../../contract/activities.js';
import type { RunOutcome } from '../../domain/outcome.js';
import { countTokens } from './local.js';
import type { ChatMessage } from './provider.js';

/** What a run is told of earlier runs, by the heartbeat's `context`. */
export type EarlierRuns =
  /** `today`: the day's earlier exchanges, newest first. */
  | { mode: 'today'; exchanges: Array<{ prompt: string; response: string | null }> }
  /** `digest`: the summaries of the latest runs, newest first. */
  | { mode: 'digest'; summaries: Array<{ at: string; outcome: RunOutcome | null; summary: string }> }
  | { mode: 'fresh' };

/**
 * Earlier runs' items, newest first, kept while they fit in `limit` tokens (no limit: all); the
 * newest count most, so the oldest are dropped first.
 */
function fitting<T>(items: T[], size: (item: T) => number, limit: number | undefined): T[] {
  if (limit === undefined) return items;
  const kept: T[] = [];
  let used = 0;
  for (const item of items) {
    used += size(item);
    if (used > limit) break;
    kept.push(item);
  }
  return kept;
}

function earlierMessages(earlier: EarlierRuns, limit: number | undefined): ChatMessage[] {
  if (earlier.mode === 'fresh') return [];
  if (earlier.mode === 'today') {
    const size = (r: { prompt: string; response: string | null }) =>
      countTokens(r.prompt) + countTokens(r.response ?? '');
    return fitting(earlier.exchanges, size, limit)
      .reverse()
      .flatMap((r) => [
        { role: 'user' as const, content: r.prompt },
        { role: 'assistant' as const, content: r.response ?? '' },
      ]);
  }
  const line = (s: { at: string; outcome: RunOutcome | null; summary: string }) =>
    `- ${s.at} (${s.outcome ?? 'no outcome reported'}): ${s.summary}`;
  const lines = fitting(earlier.summaries, (s) => countTokens(line(s)), limit)
    .reverse()
    .map(line);
  if (lines.length === 0) return [];
  return [
    {
      role: 'system',
      content: `What this heartbeat's latest runs found, oldest first:\n${lines.join('\n')}`,
    },
  ];
}

/** The opening messages of a run; `tokenLimit` caps what earlier runs add. */
export function openingMessages(
  input: Pick<AgentRunInput, 'prompt' | 'precheck_context'>,
  instruction: string,
  earlier: EarlierRuns,
  tokenLimit?: number,
): ChatMessage[] {
  const prompt = input.precheck_context
    ? `${input.prompt}\n\nWhat changed since the last check:\n${input.precheck_context}`
    : input.prompt;
  return [
    ...(instruction ? [{ role: 'system' as const, content: instruction }] : []),
    ...earlierMessages(earlier, tokenLimit),
    { role: 'user', content: prompt },
  ];
}
