/**
 * A run says what it found: `report_outcome` or `HEARTBEAT_OK`, and delivery follows it: a quiet
 * run's notifications are kept but not sent, a needs_attention run's are sent and alerted. Real
 * PostgreSQL and Temporal, a scripted OpenAI-compatible provider and a webhook on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../activities/agent/openai.js';
import { heartbeatWorkflowId } from '../../contract/workflow.js';
import { startScriptedOpenAI, startWebhookReceiver } from '../helpers/loopback.js';
import { agentHeartbeat, eventually } from '../helpers/agent.js';
import { createStack, type Stack } from '../helpers/stack.js';

let openai: Awaited<ReturnType<typeof startScriptedOpenAI>>;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let stack: Stack;
let webhookSecret = '';

beforeAll(async () => {
  openai = await startScriptedOpenAI([]);
  webhook = await startWebhookReceiver(() => webhookSecret);
  stack = await createStack({
    provider: new OpenAIProvider({ baseURL: openai.baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMs: 5000 }),
  });
});
afterAll(async () => {
  await stack?.close();
  await Promise.all([openai?.close(), webhook?.close()]);
});

/** A bot with a webhook (subscribed to run.needs_attention) and a heartbeat with `options`. */
async function heartbeat(options: Record<string, unknown> = {}) {
  const hb = await agentHeartbeat(
    stack,
    { prompt: 'Check the build queue', ...options },
    { webhook_url: webhook.url, alert_events: ['run.needs_attention', 'run.failed'] },
  );
  webhookSecret = hb.webhookSecret!;
  return { ...hb, received: () => webhook.received.filter((r) => r.body.heartbeat_id === hb.id) };
}

/** The webhook deliveries the heartbeat's workflow has started (activities in its history). */
async function deliveriesStarted(heartbeatId: string): Promise<number> {
  const history = await stack.client.workflow.getHandle(heartbeatWorkflowId(heartbeatId)).fetchHistory();
  return (history.events ?? []).filter(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'deliverNotification',
  ).length;
}

const notify = (title: string) => ({ name: 'notify_user', args: { title, body: `${title}: details` } });
const report = (args: Record<string, unknown>) => ({ name: 'report_outcome', args });

describe('a run reports its outcome', () => {
  it('HEARTBEAT_OK is nothing_to_report: the token is stripped, and it is a success, not an empty answer', async () => {
    const { trigger, logs } = await heartbeat();
    openai.script.push({ answer: 'HEARTBEAT_OK', tokens: [300, 5] });
    expect(await trigger()).toMatchObject({
      status: 'success',
      response: '',
      outcome: 'nothing_to_report',
      summary: null,
      tokens_used: 305,
    });
    openai.script.push({ answer: 'HEARTBEAT_OK — queue empty, 3 builds green', tokens: [300, 5] });
    expect(await trigger()).toMatchObject({
      outcome: 'nothing_to_report',
      response: 'queue empty, 3 builds green',
      summary: 'queue empty, 3 builds green',
    });
    openai.script.push({ answer: 'Two builds are red.', tokens: [300, 5] });
    expect(await trigger()).toMatchObject({ outcome: null, response: 'Two builds are red.' });

    const quiet = await logs({ outcome: 'nothing_to_report' });
    expect(quiet.total).toBe(2);
    expect(quiet.logs.map((l: any) => l.summary)).toEqual(['queue empty, 3 builds green', null]);
    const unreported = await logs({ outcome: 'unreported' });
    expect(unreported.total).toBe(1);
    expect(unreported.logs[0]).toMatchObject({ status: 'success', outcome: null, response: 'Two builds are red.' });
  });

  it('report_outcome ends the run at once, with its summary and hint on the result and the log', async () => {
    const { trigger, logs } = await heartbeat();
    const before = openai.requests.length;
    openai.script.push({
      toolCalls: [report({ outcome: 'progress', summary: 'Build 412 fixed', next_check_in_minutes: 45 })],
      tokens: [500, 20],
    });
    expect(await trigger()).toMatchObject({
      status: 'success',
      outcome: 'progress',
      summary: 'Build 412 fixed',
      next_check_in_minutes: 45,
      response: 'Build 412 fixed',
    });
    // One model call: the report ended the run.
    expect(openai.requests.length - before).toBe(1);
    const tools = openai.requests.at(-1)!.tools!.map((t: any) => t.function);
    const reportTool = tools.find((t: any) => t.name === 'report_outcome');
    expect(reportTool.parameters).toMatchObject({
      type: 'object',
      required: ['outcome', 'summary'],
      properties: { outcome: { enum: ['nothing_to_report', 'progress', 'needs_attention'] } },
    });
    const [row] = (await logs()).logs;
    expect(row).toMatchObject({
      outcome: 'progress',
      summary: 'Build 412 fixed',
      next_check_in_minutes: 45,
      tool_calls: [expect.objectContaining({ name: 'report_outcome', ok: true })],
    });
  });

  it('bad report_outcome arguments go back to the model as an error; the run goes on and ends unreported', async () => {
    const { trigger } = await heartbeat();
    const before = openai.requests.length;
    openai.script.push(
      { toolCalls: [report({ outcome: 'fine', summary: 'x', next_check_in_minutes: 0 })] },
      { answer: 'All fine.' },
    );
    expect(await trigger()).toMatchObject({ status: 'success', outcome: null, response: 'All fine.' });
    expect(openai.requests.length - before).toBe(2);
    const toolResult = openai.requests.at(-1)!.messages.find((m: any) => m.role === 'tool').content;
    expect(toolResult).toMatch(/^error: invalid arguments for report_outcome/);
    expect(toolResult).toMatch(/outcome/);
    expect(toolResult).toMatch(/next_check_in_minutes/);
  });

  it('a summary is untrusted text: stored without NUL and bounded', async () => {
    const { trigger, logs } = await heartbeat();
    openai.script.push({
      toolCalls: [report({ outcome: 'nothing_to_report', summary: `quiet\u0000 ${'z'.repeat(5000)}` })],
    });
    expect((await trigger()).status).toBe('success');
    const [row] = (await logs()).logs;
    expect(row.summary.length).toBe(2000);
    expect(row.summary.startsWith('quiet z')).toBe(true);
    expect(row.summary.endsWith(' […cut]')).toBe(true);
  });
});

describe('delivery follows the outcome', () => {
  it('unless_quiet (the default): a quiet run stores its notification suppressed and sends no webhook', async () => {
    const { id, trigger, notifications, received } = await heartbeat();
    openai.script.push(
      { toolCalls: [notify('Nothing new')] },
      { toolCalls: [report({ outcome: 'nothing_to_report', summary: 'Queue empty' })] },
    );
    expect(await trigger()).toMatchObject({ status: 'success', outcome: 'nothing_to_report' });
    const [note] = await notifications();
    expect(note).toMatchObject({ title: 'Nothing new', suppressed: true, delivery_status: 'suppressed' });
    expect(note.delivered_at).toBeNull();
    // The workflow started no delivery for it: nothing can reach the webhook, now or later.
    expect(await deliveriesStarted(id)).toBe(0);
    expect(received()).toEqual([]);
  });

  it('a needs_attention run delivers its notification and raises run.needs_attention with the outcome', async () => {
    const { id, trigger, notifications, received } = await heartbeat();
    openai.script.push({
      toolCalls: [
        notify('Build broken'),
        report({ outcome: 'needs_attention', summary: 'main is red since 09:12', next_check_in_minutes: 15 }),
      ],
    });
    expect(await trigger()).toMatchObject({ outcome: 'needs_attention', summary: 'main is red since 09:12' });
    const delivered = await eventually(received, (r) => r.length >= 2);
    const byType = Object.fromEntries(delivered.map((d) => [d.body.type, d]));
    expect(byType.notification).toMatchObject({ signatureValid: true, body: { title: 'Build broken' } });
    expect(byType['run.needs_attention']).toMatchObject({
      signatureValid: true,
      body: {
        heartbeat_id: id,
        data: {
          type: 'manual',
          outcome: 'needs_attention',
          summary: 'main is red since 09:12',
          next_check_in_minutes: 15,
        },
      },
    });
    const [note] = await notifications();
    expect(note).toMatchObject({ suppressed: false, delivery_status: 'delivered' });
  });

  it('needs_attention policy holds back a progress run; always sends a quiet one', async () => {
    const strict = await heartbeat({ notify_policy: 'needs_attention' });
    openai.script.push({ toolCalls: [notify('Moved'), report({ outcome: 'progress', summary: 'one fixed' })] });
    await strict.trigger();
    expect((await strict.notifications())[0]).toMatchObject({ suppressed: true });
    expect(await deliveriesStarted(strict.id)).toBe(0);

    const chatty = await heartbeat({ notify_policy: 'always' });
    openai.script.push({ toolCalls: [notify('Still quiet'), report({ outcome: 'nothing_to_report', summary: 'ok' })] });
    await chatty.trigger();
    const delivered = await eventually(chatty.received, (r) => r.length >= 1);
    expect(delivered[0]!.body).toMatchObject({ type: 'notification', title: 'Still quiet' });
    expect((await chatty.notifications())[0]).toMatchObject({ suppressed: false });
  });

  it('stats count outcomes (and unreported) in total and per day', async () => {
    const { trigger, stats: statsOf } = await heartbeat();
    openai.script.push(
      { answer: 'HEARTBEAT_OK' },
      { answer: 'HEARTBEAT_OK' },
      { toolCalls: [report({ outcome: 'needs_attention', summary: 'look' })] },
      { answer: 'no convention here' },
    );
    for (let i = 0; i < 4; i++) await trigger();
    const stats = await statsOf();
    const outcomes = { nothing_to_report: 2, progress: 0, needs_attention: 1, unreported: 1 };
    expect(stats.outcomes).toEqual(outcomes);
    expect(stats.time_series.at(-1).outcomes).toEqual(outcomes);
    expect(stats.quiet_rate).toBe(0.5);
  });
});
