/** The dashboard's stylesheet, served from /assets/dashboard.css (no CDN, no build step). */
export const STYLES = `
:root {
  --bg: #f6f7f9; --panel: #fff; --ink: #1d2330; --muted: #5b6475; --line: #dde1e8;
  --accent: #2454d6; --accent-ink: #fff; --ok: #1f7a3f; --err: #b42318; --skip: #8a6d00; --idle: #5b6475;
  --wait: #1d4ed8; --ok-bg: #e5f4ea; --err-bg: #fde8e7; --skip-bg: #fdf4d8; --idle-bg: #eceef2; --wait-bg: #e3ebfd;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; line-height: 1.45; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid #f5a524; outline-offset: 2px;
}
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
header.top { background: #141a26; color: #fff; padding: .6rem 1rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
header.top a { color: #fff; text-decoration: none; } header.top a:hover { text-decoration: underline; }
header.top .brand { font-weight: 700; font-size: 1.1rem; margin-right: auto; }
header.top form { margin: 0; }
header.top .who { margin: 0; font-size: .9rem; } header.top .who .access { color: #c3cad8; }
header.top button { background: transparent; color: #fff; border: 1px solid #55607a; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); }
.row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.muted { color: var(--muted); } .small { font-size: .875rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--panel); font-size: .925rem; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f0f2f6; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
time, .credits { white-space: nowrap; }
.credits { display: inline-flex; gap: .5rem; align-items: center; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .8rem; font-weight: 600; white-space: nowrap; }
.badge.success, .badge.active { background: var(--ok-bg); color: var(--ok); }
.badge.error, .badge.auto_paused { background: var(--err-bg); color: var(--err); }
.badge.skipped, .badge.budget_exhausted { background: var(--skip-bg); color: var(--skip); }
.badge.waiting_for_window { background: var(--wait-bg); color: var(--wait); }
.badge.waiting_for_window::before { content: "◷ "; }
.badge.disabled, .badge.none, .badge.nothing_to_report { background: var(--idle-bg); color: var(--idle); }
.badge.progress { background: var(--ok-bg); color: var(--ok); }
.badge.needs_attention { background: var(--err-bg); color: var(--err); }
.badge.stalled { background: var(--err-bg); color: var(--err); }
.badge.stalled::before { content: "⚠ "; }
button, .button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid var(--line); background: #fff; color: var(--ink);
  cursor: pointer; text-decoration: none; display: inline-block; }
button.primary, .button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); }
button.danger { background: var(--err); color: #fff; border-color: var(--err); }
form.inline { display: inline; margin: 0; }
label { font-weight: 600; display: block; margin-bottom: .2rem; }
.field { margin-bottom: .9rem; }
.field .hint { font-weight: 400; color: var(--muted); font-size: .85rem; }
input[type=text], input[type=number], input[type=password], input[type=time], input[type=url], select, textarea {
  font: inherit; padding: .45rem .55rem; border: 1px solid #b9c0cc; border-radius: 6px; width: 100%; max-width: 36rem; background: #fff;
}
textarea { min-height: 6rem; }
input[aria-invalid=true], select[aria-invalid=true], textarea[aria-invalid=true] { border-color: var(--err); border-width: 2px; }
.error-text { color: var(--err); font-size: .9rem; margin-top: .2rem; }
.alert { border-left: 4px solid var(--err); background: var(--err-bg); padding: .6rem .8rem; margin-bottom: 1rem; border-radius: 4px; }
.notice { border-left: 4px solid var(--ok); background: var(--ok-bg); padding: .6rem .8rem; margin-bottom: 1rem; border-radius: 4px; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .9rem; padding: .6rem .8rem; min-width: 0; }
legend { font-weight: 600; padding: 0 .3rem; }
fieldset label { display: inline-flex; gap: .3rem; align-items: center; font-weight: 400; margin-right: .8rem; }
fieldset.stack label { display: flex; margin: .15rem 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
meter { width: 6rem; }
.charts { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); }
.chart { margin: 0; }
.chart svg { width: 100%; height: auto; display: block; }
.chart figcaption { font-weight: 600; margin-bottom: .3rem; }
.legend { display: flex; gap: .8rem; font-size: .85rem; color: var(--muted); flex-wrap: wrap; }
.legend span::before { content: ""; display: inline-block; width: .7rem; height: .7rem; border-radius: 2px; margin-right: .3rem; background: var(--c); }
.htmx-indicator { display: none; } .htmx-request .htmx-indicator, .htmx-request.htmx-indicator { display: inline; }
pre.text { white-space: pre-wrap; word-break: break-word; background: #f0f2f6; padding: .6rem; border-radius: 6px; margin: 0; font-size: .9rem; }
.pager { display: flex; gap: .5rem; align-items: center; margin-top: .6rem; }
@media (max-width: 640px) {
  main { padding: .6rem; } h1 { font-size: 1.25rem; }
  th, td { padding: .35rem .4rem; }
}
/* Under ~600 px a table is a stack of cards, one a row, each value beside its column's name. */
@media (max-width: 600px) {
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards { background: transparent; }
  table.cards tr { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; margin-bottom: .6rem; padding: .3rem 0; }
  table.cards td { display: grid; grid-template-columns: minmax(6rem, 36%) 1fr; gap: .75rem; align-items: baseline;
    border: 0; padding: .25rem .75rem; text-align: left; }
  table.cards td::before { content: attr(data-label); font-weight: 600; color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
  table.cards td > .cell { min-width: 0; overflow-wrap: break-word; }
  table.cards td:has(> .cell:empty) { display: none; }
}
`;
