/**
 * Charts drawn on the server as SVG: no script, no library, readable without colour (each bar
 * has its numbers as a tooltip, and the data is one click away as a table).
 */

export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

const W = 640;
const H = 200;
const LEFT = 52;
const BOTTOM = 24;
/** Large enough to read when the chart is shrunk to a phone's width. */
const AXIS_FONT = 15;
const TOP = 10;

/** The smallest 1, 2 or 5 × 10ⁿ at or above `n`, so the axis reads in round numbers. */
function niceCeiling(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= n)!;
}

const compact = (n: number) =>
  n >= 1_000_000
    ? `${+(n / 1_000_000).toFixed(1)}M`
    : n >= 1_000
      ? `${+(n / 1_000).toFixed(1)}k`
      : String(+n.toFixed(1));

/** Bars per day, the series stacked. */
export function BarChart(props: { id: string; title: string; dates: string[]; series: ChartSeries[]; unit?: string }) {
  const { dates, series } = props;
  const totals = dates.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceCeiling(Math.max(0, ...totals));
  const plotW = W - LEFT - 4;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / Math.max(1, dates.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => TOP + plotH - (v / max) * plotH;
  // Counted back from the last day, today (UTC), so today always has its label.
  const labelEvery = Math.ceil(dates.length / 5);
  const labelled = (i: number) => (dates.length - 1 - i) % labelEvery === 0;
  const sum = totals.reduce((a, b) => a + b, 0);
  const unit = props.unit ? ` ${props.unit}` : '';
  return (
    <figure class="chart panel" id={props.id} data-total={String(sum)}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <desc
          id={`${props.id}-desc`}
        >{`${compact(sum)}${unit} over ${dates.length} days; the table below has each day.`}</desc>
        {[0, 0.5, 1].map((f) => (
          <g>
            <line x1={LEFT} x2={W - 4} y1={y(max * f)} y2={y(max * f)} stroke="#dde1e8" />
            <text x={LEFT - 6} y={y(max * f) + 4} text-anchor="end" font-size={AXIS_FONT} fill="#5b6475">
              {compact(max * f)}
            </text>
          </g>
        ))}
        {dates.map((date, i) => {
          let base = 0;
          const x = LEFT + i * slot + (slot - barW) / 2;
          return (
            <g>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const top = y(base + v);
                const rect = (
                  <rect
                    x={x}
                    y={top}
                    width={barW}
                    height={Math.max(1, y(base) - top)}
                    fill={s.color}
                    data-series={s.label}
                  >
                    <title>{`${date}: ${compact(v)}${unit} ${s.label}`}</title>
                  </rect>
                );
                base += v;
                return rect;
              })}
              {labelled(i) && (
                <text x={x + barW / 2} y={H - 6} text-anchor="middle" font-size={AXIS_FONT} fill="#5b6475">
                  {i === dates.length - 1 ? 'today' : date.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {series.length > 1 && (
        <div class="legend" aria-hidden="true">
          {series.map((s) => (
            <span style={`--c:${s.color}`}>{s.label}</span>
          ))}
        </div>
      )}
      <details>
        <summary class="small">Data</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {series.map((s) => (
                  <th scope="col" class="num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {dates.map((date, i) => (
                <tr>
                  <th scope="row">{date}</th>
                  {series.map((s) => (
                    <td class="num">{String(s.values[i] ?? 0)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
