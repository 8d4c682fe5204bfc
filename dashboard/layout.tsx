/**
 * The page frame every dashboard page shares (top bar, nav, main) and its small parts: badges, times,
 * fields.
 */
import type { Child } from 'hono/jsx';
import { refusal, type KeyGrant } from '../domain/access.js';
import { relative, utcText } from '../domain/when.js';

/** htmx answers errors (422 for a form with mistakes) by swapping them in like any answer. */
const HTMX_CONFIG = JSON.stringify({
  responseHandling: [
    { code: '204', swap: false },
    { code: '[2345]..', swap: true, error: false },
  ],
});

/** Who is signed in: the project the key names and what the key may do. */
export interface SignedIn {
  projectId: string;
  projectName?: string;
  access?: string;
  /** The key's scope; unknown for a session sealed before it was kept, which is offered everything. */
  grant?: KeyGrant;
}

/**
 * Whether the signed-in key may change (or run) heartbeats, of one bot or of any: the pages offer
 * only the actions it may take. The API refuses the others all the same.
 */
export const mayChange = (who: SignedIn, botId?: string) =>
  !who.grant ||
  (botId === undefined
    ? who.grant.scope !== 'heartbeats:read'
    : refusal(who.grant, { kind: 'change_heartbeats', botId }) === undefined);

/** Whether the signed-in key may manage the project (bots, their webhooks and alerts). */
export const mayManage = (who: SignedIn) => !who.grant || refusal(who.grant, { kind: 'manage' }) === undefined;

/** Every page: skip link, top bar, main landmark, the page's own title. */
export function Layout(props: { title: string; signedIn?: SignedIn; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${props.title} · Heartbeat`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            Heartbeat
          </a>
          {props.signedIn && (
            <p class="who" title={`Project ${props.signedIn.projectId}`}>
              {props.signedIn.projectName ?? props.signedIn.projectId}
              {props.signedIn.access && <span class="access"> · {props.signedIn.access}</span>}
            </p>
          )}
          {props.signedIn && (
            <nav aria-label="Main" class="row">
              <a href="/">Heartbeats</a>
              <a href="/bots">Bots</a>
              <a href="/docs">API docs</a>
              <form class="inline" method="post" action="/sign-out">
                <button type="submit">Sign out</button>
              </form>
            </nav>
          )}
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

export function Badge(props: { value: string | null | undefined; label?: string }) {
  const value = props.value ?? 'none';
  return <span class={`badge ${value}`}>{props.label ?? value.replace(/_/g, ' ')}</span>;
}

/** An instant as UTC text, machine-readable and with its age in the tooltip. */
export function Time(props: { at: string | null | undefined; now?: Date }) {
  if (!props.at) return <span class="muted">–</span>;
  const at = new Date(props.at);
  return (
    <time datetime={props.at} title={relative(at, props.now ?? new Date())}>
      {utcText(at)}
    </time>
  );
}

/** A form field with its label, hint and the API's error for it, wired for screen readers. */
export function Field(props: { name: string; label: string; hint?: string; error?: string; children: Child }) {
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = props.error ? `${props.name}-error` : undefined;
  return (
    <div class="field">
      <label for={props.name}>
        {props.label} {props.hint && <span class="hint" id={hintId}>{`(${props.hint})`}</span>}
      </label>
      {props.children}
      {props.error && (
        <div class="error-text" id={errorId}>
          {props.error}
        </div>
      )}
    </div>
  );
}

/** The aria attributes an input takes from its field's hint and error. */
export const described = (name: string, error?: string, hint?: boolean) => ({
  'aria-invalid': error ? 'true' : undefined,
  'aria-describedby': [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined,
});

/** A titled panel of the page, named for screen readers by its heading. */
export function Panel(props: { id: string; title: string; children: Child }) {
  return (
    <section class="panel" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`} style="margin-top:0">
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** A line saying what just happened ("Saved."), when something did. */
export function Notice(props: { text?: string; id?: string }) {
  if (!props.text) return null;
  return (
    <div class="notice" role="status" id={props.id}>
      {props.text}
    </div>
  );
}

/** The API's answer to a failed action, at the top of the page. */
export function ErrorSummary(props: { message?: string; code?: string; requestId?: string }) {
  if (!props.message) return null;
  return (
    <div class="alert" role="alert">
      <strong>{props.message}</strong>
      {props.code && <span class="muted small">{` (${props.code})`}</span>}
    </div>
  );
}
