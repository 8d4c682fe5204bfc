/** A heartbeat's activity: charts of its last days and its filtered, paged runs table. */
import { RUN_STATUSES, RUN_TYPE_MEANINGS, RUN_TYPES, type RunStatus, type RunType } from '../../domain/heartbeat.js';
import type { Heartbeat, LogEntry, Stats } from '../api.js';
import { BarChart } from '../charts.js';
import { Badge, Time } from '../layout.js';
import { FilterForm, Select, Table } from '../table.js';
import { OUTCOME_FILTERS, type OutcomeFilter } from '../../domain/outcome.js';
import { AgentPanel, OutcomeBadge } from './agent.js';

export interface RunsFilter {
  status?: RunStatus;
  type?: RunType;
  outcome?: OutcomeFilter;
  page: number;
}

export interface RunsPage {
  logs: LogEntry[];
  pagination: { page: number; total_pages: number; total: number };
}

export const qs = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const runHref = (heartbeatId: string, runKey: string) =>
  `/heartbeats/${heartbeatId}/runs/${encodeURIComponent(runKey)}`;

type Day = Stats['time_series'][number];

/** The charts of the activity section: each series a label, a colour and the day's value. */
const CHARTS: Array<{ id: string; title: string; unit: string; series: Array<[string, string, (d: Day) => number]> }> =
  [
    {
      id: 'chart-runs',
      title: 'Runs per day',
      unit: 'runs',
      series: [
        ['success', '#1f7a3f', (d) => d.success],
        ['error', '#b42318', (d) => d.error],
        ['skipped', '#c9a227', (d) => d.skipped],
      ],
    },
    {
      id: 'chart-outcomes',
      title: 'Outcomes per day',
      unit: 'runs',
      series: [
        ['nothing to report', '#8a94a6', (d) => d.outcomes.nothing_to_report],
        ['progress', '#1f7a3f', (d) => d.outcomes.progress],
        ['needs attention', '#b42318', (d) => d.outcomes.needs_attention],
        ['unreported', '#c9a227', (d) => d.outcomes.unreported],
      ],
    },
    {
      id: 'chart-credits',
      title: 'Credits per day',
      unit: 'credits',
      series: [['credits', '#2454d6', (d) => d.credits]],
    },
    { id: 'chart-tokens', title: 'Tokens per day', unit: 'tokens', series: [['tokens', '#6b4bd6', (d) => d.tokens]] },
    {
      id: 'chart-duration',
      title: 'Mean run duration per day',
      unit: 'ms',
      series: [['ms', '#0f766e', (d) => d.avg_duration_ms]],
    },
  ];

/** Charts from the stats endpoint and the paginated, filtered runs table. */
export function Activity(props: { heartbeat: Heartbeat; stats: Stats; runs: RunsPage; filter: RunsFilter; now: Date }) {
  const { heartbeat: h, stats, runs, filter } = props;
  const dates = stats.time_series.map((d) => d.date);
  const base = `/heartbeats/${h.uuid}`;
  return (
    <section id="activity">
      <h2>{`Last ${dates.length} days`}</h2>
      <AgentPanel heartbeat={h} stats={stats} />
      <div class="charts">
        {CHARTS.map((chart) => (
          <BarChart
            id={chart.id}
            title={chart.title}
            dates={dates}
            unit={chart.unit}
            series={chart.series.map(([label, color, value]) => ({
              label,
              color,
              values: stats.time_series.map(value),
            }))}
          />
        ))}
      </div>
      <h2 id="runs-heading">Runs</h2>
      <FilterForm action={base} label="Filter runs">
        <Select
          name="status"
          label="Status"
          options={[['', 'Any'], ...RUN_STATUSES.map((st): [string, string] => [st, st])]}
          selected={filter.status}
        />
        <Select
          name="type"
          label="Type"
          options={[['', 'Any'], ...RUN_TYPES.map((t): [string, string] => [t, `${t} (${RUN_TYPE_MEANINGS[t]})`])]}
          selected={filter.type}
        />
        <Select
          name="outcome"
          label="Outcome"
          options={[['', 'Any'], ...OUTCOME_FILTERS.map((o): [string, string] => [o, o.replace(/_/g, ' ')])]}
          selected={filter.outcome}
        />
      </FilterForm>
      {runs.logs.length === 0 ? (
        <p class="panel">No runs match.</p>
      ) : (
        <Table
          id="runs"
          labelledBy="runs-heading"
          rows={runs.logs}
          rowAttrs={(l) => ({ 'data-run': l.run_key })}
          columns={[
            {
              label: 'When',
              cell: (l) => (
                <a href={runHref(h.uuid, l.run_key)}>
                  <Time at={l.created_at} now={props.now} />
                </a>
              ),
            },
            { label: 'Type', cell: (l) => <span title={RUN_TYPE_MEANINGS[l.type]}>{l.type}</span> },
            {
              label: 'Status',
              cell: (l) => (
                <>
                  <Badge value={l.status} />
                  {l.reason && <span class="muted small">{` ${l.reason.replace(/_/g, ' ')}`}</span>}
                </>
              ),
            },
            { label: 'Outcome', cell: (l) => <OutcomeBadge run={l} /> },
            { label: 'Duration', class: 'num', cell: (l) => `${l.duration_ms} ms` },
            { label: 'Tokens', class: 'num', cell: (l) => String(l.tokens_used) },
            { label: 'Credits', class: 'num', cell: (l) => String(l.credits_charged) },
            { label: 'Error', class: 'small', cell: (l) => l.error_message?.slice(0, 80) ?? '' },
          ]}
        />
      )}
      <nav class="pager" aria-label="Pages of runs">
        {runs.pagination.page > 1 && <a href={`${base}${qs({ ...filter, page: runs.pagination.page - 1 })}`}>Newer</a>}
        <span class="muted small">{`Page ${runs.pagination.page} of ${Math.max(1, runs.pagination.total_pages)} (${runs.pagination.total} runs)`}</span>
        {runs.pagination.page < runs.pagination.total_pages && (
          <a href={`${base}${qs({ ...filter, page: runs.pagination.page + 1 })}`}>Older</a>
        )}
      </nav>
    </section>
  );
}
