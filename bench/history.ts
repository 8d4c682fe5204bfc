/** What a stretch of workflow history cost the Temporal server, counted from its events. */
import type { temporal } from '@temporalio/proto';
import proto from '@temporalio/proto';

const { EventType } = proto.temporal.api.enums.v1;

/** What a stretch of history cost the server: events, workflow tasks, activities, visibility upserts. */
export function historyCost(events: temporal.api.history.v1.IHistoryEvent[], from?: number, to?: number) {
  const inWindow = events.filter((e) => {
    const t = e.eventTime ? Number(e.eventTime.seconds) * 1000 + Math.floor((e.eventTime.nanos ?? 0) / 1e6) : 0;
    return (from === undefined || t >= from) && (to === undefined || t < to);
  });
  const count = (type: number) => inWindow.filter((e) => e.eventType === type).length;
  return {
    events: inWindow.length,
    workflowTasks: count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    activities: count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    upserts: count(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
  };
}
