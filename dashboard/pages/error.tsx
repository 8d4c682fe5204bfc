/** The dashboard's error page (an API refusal it did not expect, a fault, a page that does not exist), with the nav kept. */
import { Layout, type SignedIn } from '../layout.js';

export function ErrorPage(props: { status: number; message: string; requestId?: string; signedIn?: SignedIn }) {
  return (
    <Layout title={props.status === 404 ? 'Not found' : 'Error'} signedIn={props.signedIn}>
      <h1>{props.status === 404 ? 'Not found' : 'That did not work'}</h1>
      <div class="alert" role="alert">
        {props.message} {props.requestId && <span class="muted small">{`(request ${props.requestId})`}</span>}
      </div>
      <p>
        <a href="/">Back to the heartbeats</a>
      </p>
    </Layout>
  );
}
