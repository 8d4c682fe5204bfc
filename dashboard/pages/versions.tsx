/** A heartbeat's versions: every configuration it has had, who changed it, when and through what. */
import type { Heartbeat, HeartbeatVersion } from '../api.js';
import { Layout, Time, type SignedIn } from '../layout.js';
import { Table } from '../table.js';
import { SURFACE_WORDS } from './heartbeat.js';
import { shortPrompt } from './heartbeats.js';

type Version = HeartbeatVersion;

const CHANGE_WORDS: Record<Version['change'], string> = {
  created: 'created',
  configured: 'configured',
  enabled: 'enabled',
  disabled: 'disabled',
  paused_for_bot: "paused (its bot's heartbeat flag turned off)",
  plan_changed: 'paused or slowed by a plan change',
};

export function VersionsPage(props: {
  signedIn: SignedIn;
  heartbeat: Heartbeat;
  versions: Version[];
  page: { page: number; total_pages: number; total: number };
  now: Date;
}) {
  const h = props.heartbeat;
  const base = `/heartbeats/${h.uuid}/versions`;
  return (
    <Layout title="Versions" signedIn={props.signedIn}>
      <p class="small">
        <a href={`/heartbeats/${h.uuid}`}>{shortPrompt(h.prompt, 60)}</a> › Versions
      </p>
      <h1>Versions</h1>
      <p class="muted small">Each run's page names the version it ran with.</p>
      <Table
        label="Versions, newest first"
        rows={props.versions}
        rowAttrs={(v) => ({ id: `v${v.version}` })}
        columns={[
          { label: 'Version', class: 'num', cell: (v) => String(v.version) },
          { label: 'Change', cell: (v) => CHANGE_WORDS[v.change] },
          { label: 'When', cell: (v) => <Time at={v.created_at} now={props.now} /> },
          {
            label: 'By',
            class: 'small',
            cell: (v) =>
              [v.changed_by && `key ${v.changed_by.key_name ?? v.changed_by.key_prefix}`, v.via && SURFACE_WORDS[v.via]]
                .filter(Boolean)
                .join(' through ') || '–',
          },
          { label: 'Prompt', class: 'small', cell: (v) => shortPrompt(v.configuration.prompt ?? '', 80) },
          { label: 'Schedule', class: 'small', cell: (v) => v.configuration.schedule_description ?? '' },
        ]}
      />
      <p class="row small">
        {props.page.page > 1 && <a href={`${base}?page=${props.page.page - 1}`}>Newer</a>}
        <span class="muted">{`Page ${props.page.page} of ${Math.max(1, props.page.total_pages)} (${props.page.total} versions)`}</span>
        {props.page.page < props.page.total_pages && <a href={`${base}?page=${props.page.page + 1}`}>Older</a>}
      </p>
    </Layout>
  );
}
