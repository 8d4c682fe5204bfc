/**
 * Redirects followed by hand, so each hop is vetted like the first one (unless the caller asks for
 * the redirect itself, `redirect: 'manual'`, or for none, `'error'`): at most five, never from
 * https down to http, the method and body changed as browsers change them, and on a hop to
 * another origin only headers that carry no credential go along (no Authorization or cookies, no
 * custom MCP headers, no webhook signature, id or Idempotency-Key).
 */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** What a hop to another origin keeps of the request's headers. */
const PORTABLE = new Set(['accept', 'accept-encoding', 'accept-language', 'content-type', 'user-agent']);
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

type Hop = (url: URL, init: RequestInit) => Promise<Response>;

/** The request for the next hop, or a reason it is not made. */
function nextRequest(init: RequestInit, status: number, from: URL, to: URL): RequestInit | string {
  if (from.protocol === 'https:' && to.protocol === 'http:') return 'a redirect from https to http is not followed';
  const headers = new Headers(init.headers);
  let { method = 'GET', body } = init;
  if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) headers.delete(name);
  } else if (body instanceof ReadableStream) {
    return 'a redirect that would send a streamed body again is not followed';
  }
  if (to.origin !== from.origin) {
    for (const name of [...headers.keys()]) if (!PORTABLE.has(name)) headers.delete(name);
  }
  return { ...init, method, body, headers };
}

/** Makes the request through `hop`, following redirects; `refuse` builds the error for one not followed. */
export async function followRedirects(
  url: URL,
  init: RequestInit,
  hop: Hop,
  refuse: (message: string) => Error,
): Promise<Response> {
  let current = url;
  let request = init;
  for (let redirects = 0; ; redirects++) {
    const response = await hop(current, request);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null || init.redirect === 'manual') return response;
    if (init.redirect === 'error') {
      await response.body?.cancel();
      throw refuse('the server answered with a redirect');
    }
    await response.body?.cancel();
    if (redirects === MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`);
    if (!URL.canParse(location, current.href)) throw refuse('a redirect to something that is not a URL');
    const next = new URL(location, current);
    const made = nextRequest(request, response.status, current, next);
    if (typeof made === 'string') throw refuse(made);
    current = next;
    request = made;
  }
}
