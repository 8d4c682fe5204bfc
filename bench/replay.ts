/**
 * `npm run bench -- replay`: what one wake of an evicted heartbeat costs the worker, by history
 * length. A heartbeat that is not in the worker's cache replays its whole history before it can
 * run; this replays prefixes of a recorded heartbeat history (test/fixtures, one-hour runs inside
 * an active window) through the workflow code, many times each, and prints the time per replay
 * next to the shortest prefix (one run) measured in the same run.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { buildWorkflowBundle } from '../worker/bundle.js';

const { EventType } = proto.temporal.api.enums.v1;
const REPLAYS = 200;

export async function benchReplay() {
  Runtime.install({ logger: new DefaultLogger('WARN') }); // not a line per replaying worker
  const json = JSON.parse(await readFile(new URL('../test/fixtures/heartbeat-history.json', import.meta.url), 'utf8'));
  const all = historyFromJSON(json).events ?? [];
  // Cut after a timer fired: the moment a sleeping heartbeat wakes for its next run.
  const wakes = all.flatMap((e, i) => (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED ? [i + 1] : []));
  const cuts = [wakes[0]!, wakes[1]!, wakes[4]!, wakes[9]!, wakes.at(-1)!];
  // The bundle exactly as the worker builds it.
  const { code } = await buildWorkflowBundle(fileURLToPath(new URL('..', import.meta.url)));
  const measure = async (length: number) => {
    const history = historyFromJSON({ events: json.events.slice(0, length) });
    const histories = (function* () {
      for (let i = 0; i < REPLAYS; i++) yield { workflowId: `replay-${length}-${i}`, history };
    })();
    const started = performance.now();
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
      if (result.error) throw result.error;
    }
    return (performance.now() - started) / REPLAYS;
  };
  await measure(cuts[0]!); // warm-up
  const rows: Array<{ events: number; runs: number; ms: number }> = [];
  for (const events of cuts) {
    rows.push({ events, runs: wakes.indexOf(events), ms: await measure(events) });
  }
  const base = rows[0]!;
  console.log(`\nReplay of one wake (${REPLAYS} replays each, workflow code as the worker bundles it).`);
  console.log('| history events at the wake | runs before it | ms per replay | vs one run |');
  console.log('|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.events} | ${r.runs} | ${r.ms.toFixed(1)} | ${(r.ms / base.ms).toFixed(1)}× |`);
  }
  const last = rows.at(-1)!;
  const perEvent = (last.ms - base.ms) / (last.events - base.events);
  console.log(`\nabout ${perEvent.toFixed(2)} ms per history event above the first run's ${base.ms.toFixed(1)} ms`);
}
