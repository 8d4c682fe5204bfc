/**
 * The dashboard's tables: one component for every list (heartbeats, runs, tool calls,
 * notifications), so each becomes a stack of labelled cards on a narrow screen (styles.ts).
 */
import type { Child } from 'hono/jsx';

export interface Column<T> {
  label: string;
  /** `num` aligns numbers right. */
  class?: string;
  cell: (row: T) => Child;
}

export function Table<T>(props: {
  id?: string;
  /** The heading that names the table (aria-labelledby), or a label of its own. */
  labelledBy?: string;
  label?: string;
  columns: Array<Column<T>>;
  rows: T[];
  /** Attributes of a row's <tr>, e.g. a data- attribute that names it. */
  rowAttrs?: (row: T) => Record<string, string>;
}) {
  return (
    <div class="table-wrap">
      <table class="cards" id={props.id} aria-labelledby={props.labelledBy} aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" class={c.class}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr {...props.rowAttrs?.(row)}>
              {props.columns.map((c) => (
                <td class={c.class} data-label={c.label}>
                  <div class="cell">{c.cell(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A labelled picker of [value, label] options, for the filter forms above tables. */
export function Select(props: { name: string; label: string; options: Array<[string, string]>; selected?: string }) {
  return (
    <div>
      <label for={props.name}>{props.label}</label>
      <select id={props.name} name={props.name}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={(props.selected ?? '') === value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A GET form of pickers with its Filter button. */
export function FilterForm(props: { action: string; label: string; class?: string; children: Child }) {
  return (
    <form method="get" action={props.action} class={`row ${props.class ?? ''}`.trim()} aria-label={props.label}>
      {props.children}
      <button type="submit" style="align-self:flex-end">
        Filter
      </button>
    </form>
  );
}
