/** The sign-in page: an API key, which names its project. */
import { described, ErrorSummary, Field, Layout } from '../layout.js';

export function SignInPage(props: { next?: string; message?: string; code?: string }) {
  return (
    <Layout title="Sign in">
      <h1>Sign in</h1>
      <ErrorSummary message={props.message} code={props.code} />
      <form method="post" action="/sign-in" class="panel">
        <input type="hidden" name="next" value={props.next ?? '/'} />
        <Field name="api_key" label="API key" hint="it names its project; kept for this browser session only">
          <input
            type="password"
            id="api_key"
            name="api_key"
            required
            autocomplete="current-password"
            spellcheck={false}
            {...described('api_key', undefined, true)}
          />
        </Field>
        <button type="submit" class="primary">
          Sign in
        </button>
        <p class="small muted">
          On a machine running <code>npm start</code>, the development key is in <code>.data/dev-credentials.json</code>
          .
        </p>
      </form>
    </Layout>
  );
}
