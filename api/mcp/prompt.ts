/**
 * The prompt `set_up_heartbeat`: walks an assistant through a schedule that does its job and
 * costs little: preview first, an active window, a budget, quiet runs when there is nothing new.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from '@hono/zod-openapi';

export function setUpHeartbeatText(goal: string | undefined, botId: string | undefined): string {
  return [
    `Help me set up a heartbeat${goal ? ` that will: ${goal}` : ''}. Use this server's tools, one step at a time,`,
    'and ask me before you save anything.',
    '',
    botId
      ? `1. Bot: it runs bot ${botId}; get its heartbeats with list_heartbeats to see what it already does.`
      : '1. Bot: find the bot with list_bots (its heartbeat flag must be on) and see what it already runs with list_heartbeats.',
    '2. Cadence: the longest interval that still serves the goal (interval_minutes), or a cron_pattern for fixed',
    '   times, in my time zone (timezone, an IANA name). Every run costs credits.',
    '3. Active window: active_hours_start / active_hours_end and active_days, so it runs only when its findings',
    '   can be acted on (nights and weekends off, unless the goal needs them).',
    '4. Budget: a credit_budget per billing period, max_credits_per_run so one run cannot spend it all, and',
    '   max_consecutive_errors so a failing heartbeat pauses itself instead of spending on errors.',
    '5. A quiet outcome: write the prompt so a run with nothing new ends with report_outcome',
    '   nothing_to_report (or a final answer starting HEARTBEAT_OK); with notify_policy unless_quiet (the',
    '   default) such a run notifies no one, and needs_attention is kept for what someone must act on.',
    '6. Preview first: call preview_heartbeat with the configuration and show me the schedule in words and the',
    '   next runs (daylight-saving days are marked). Fix anything surprising and preview again.',
    '7. Save with configure_heartbeat once I agree (enabled: false until I say to start it), trigger_heartbeat',
    '   once to see a real run, and read it with heartbeat_logs. Then enable it with enable_heartbeat.',
  ].join('\n');
}

export function registerSetUpPrompt(server: McpServer): void {
  server.registerPrompt(
    'set_up_heartbeat',
    {
      title: 'Set up a heartbeat',
      description: 'A good schedule, step by step: preview first, an active window, a budget, a quiet outcome',
      argsSchema: {
        goal: z.string().max(2_000).optional().describe('What the heartbeat should do, in a sentence'),
        bot_id: z.string().max(100).optional().describe('The bot it runs, when known'),
      },
    },
    ({ goal, bot_id }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: setUpHeartbeatText(goal, bot_id) } }],
    }),
  );
}
