// The benchmarks' baseline: what a Temporal Schedule starts on each tick, a workflow running one
// activity. The activity reports the tick's nominal time, so lateness is measured as for heartbeats.
import { defineSearchAttributeKey } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';

const scheduledStartKey = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');
const { tick } = proxyActivities<{ tick(input: { scheduled: string }): Promise<void> }>({
  startToCloseTimeout: '1 minute',
});

export async function scheduledTickWorkflow(): Promise<void> {
  const scheduled = workflowInfo().typedSearchAttributes.get(scheduledStartKey);
  await tick({ scheduled: (scheduled ?? new Date(workflowInfo().startTime)).toISOString() });
}
