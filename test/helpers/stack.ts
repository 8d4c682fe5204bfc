/** The real stack for API tests (database, Temporal, worker, app) and the seed data they share. */
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import {
  Client,
  Connection,
  WorkflowNotFoundError,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { LocalProvider } from '../../activities/agent/local.js';
import type { ChatProvider } from '../../activities/agent/provider.js';
import type { ActivityDeps } from '../../activities/deps.js';
import { createApp, type AppDeps } from '../../api/app.js';
import { createTemporalGateway } from '../../api/temporal.js';
import { heartbeatWorkflowId, stateQuery, type HeartbeatStateView } from '../../contract/workflow.js';
import { createDb, type Db } from '../../db/client.js';
import { createOutboundFetch } from '../../outbound/fetch.js';
import { createSecretBox } from '../../secrets.js';
import { issueApiKey } from '../../db/queries/api-keys.js';
import { createProject } from '../../db/queries/projects.js';
import { createHeartbeatWorkers } from '../../worker/worker.js';
import { uniqueId, workflowBundle } from './temporal.js';

/** One sealing key for the tests' API and worker alike. */
export const testSecrets = createSecretBox(Buffer.alloc(32, 7));

/** What every test app shares: the tests' MCP servers and webhook receivers listen on loopback. */
export const appDefaults = { secrets: testSecrets, outbound: { allowPrivate: true }, log: () => undefined };

/** What every test worker's activities share, likewise. */
export const activityDefaults = { secrets: testSecrets, fetch: createOutboundFetch({ allowPrivate: true }) };

/**
 * The real stack for API tests: the test database, the run's Temporal dev server, a worker on
 * a task queue of this file's own with the real activities, and the app built on them.
 */
export async function createStack(
  opts: {
    provider?: ChatProvider;
    now?: () => Date;
    app?: Partial<AppDeps>;
    activities?: Partial<ActivityDeps>;
  } = {},
) {
  const db = createDb(inject('databaseUrl'));
  const address = inject('temporalAddress');
  const taskQueue = uniqueId('api');
  const connection = await connectClient(address);
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address });
  const workers = await createHeartbeatWorkers({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: workflowBundle(),
    cachedOften: 1000,
    activities: createActivities({
      db,
      provider: opts.provider ?? new LocalProvider(),
      creditMultipliers: {},
      ...activityDefaults,
      ...opts.activities,
    }),
  });
  const running = workers.run();
  const temporal = createTemporalGateway(client, taskQueue);
  const app = createApp({ db, temporal, ...appDefaults, now: opts.now, ...opts.app });
  return {
    db,
    app,
    client,
    temporal,
    taskQueue,
    async close() {
      workers.shutdown();
      await running;
      await nativeConnection.close();
      await connection.closeWhenQuiet();
      await db.destroy();
    },
  };
}

/**
 * A client connection that closes once no retry is pending. The SDK retries a failed call after a
 * backoff (as on a busy machine); a retry whose timer fired after the close would call the closed
 * channel and throw outside any test. Closing stops new retries and waits out the pending ones.
 */
export async function connectClient(address: string) {
  const retry = defaultGrpcRetryOptions();
  let closing = false;
  let retriesDueBy = 0;
  const retrying = makeGrpcRetryInterceptor({
    retryableDecider: (attempt, status) => !closing && retry.retryableDecider(attempt, status),
    delayFunction: (attempt, status) => {
      const ms = retry.delayFunction(attempt, status);
      retriesDueBy = Math.max(retriesDueBy, Date.now() + ms);
      return ms;
    },
  });
  const connection = await Connection.connect({ address, interceptors: [retrying] });
  return Object.assign(connection, {
    async closeWhenQuiet(): Promise<void> {
      closing = true;
      const wait = retriesDueBy - Date.now();
      if (wait > 0) await sleep(wait + 100);
      await connection.close();
    },
  });
}

export type Stack = Awaited<ReturnType<typeof createStack>>;

/** The workflow's own view of a heartbeat (its `state` query), or undefined when it does not run. */
export async function workflowState(stack: Stack, heartbeatId: string): Promise<HeartbeatStateView | undefined> {
  try {
    return await stack.client.workflow.getHandle(heartbeatWorkflowId(heartbeatId)).query(stateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** A project on `plan` with an API key and a bot (heartbeat flag on unless told otherwise). */
export async function seedProject(db: Db, plan = 'pro', opts: { heartbeat?: boolean } = {}) {
  const project = await createProject(db, `test ${uniqueId()}`, plan);
  const { key } = await issueApiKey(db, project.id);
  const bot = await db
    .insertInto('bots')
    .values({
      project_id: project.id,
      name: 'Bot',
      model: 'test-model',
      instruction: 'Be brief.',
      heartbeat: opts.heartbeat ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { projectId: project.id, key, botId: bot.id };
}

export type Seed = Awaited<ReturnType<typeof seedProject>>;

/** Calls the app like an HTTP client would. */
export function caller(app: Stack['app'], key: string) {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : undefined };
  };
  return {
    get: (path: string, query: Record<string, string | number>) =>
      request(
        'GET',
        `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`,
      ),
    del: (path: string, query: Record<string, string>) => request('DELETE', `${path}?${new URLSearchParams(query)}`),
    post: (path: string, body: unknown, headers?: Record<string, string>) => request('POST', path, body, headers),
    put: (path: string, body: unknown) => request('PUT', path, body),
  };
}

/**
 * The real stack for a test file, with a project on `plan` and a caller for its key: set up before
 * the file's tests, closed after them.
 */
export function stackSuite(opts: Parameters<typeof createStack>[0] & { plan?: string } = {}) {
  const suite = {} as { stack: Stack; seed: Seed; api: ReturnType<typeof caller> };
  beforeAll(async () => {
    suite.stack = await createStack(opts);
    suite.seed = await seedProject(suite.stack.db, opts.plan ?? 'pro');
    suite.api = caller(suite.stack.app, suite.seed.key);
  });
  afterAll(async () => {
    await suite.stack?.close();
  });
  return suite;
}

/** The stack's app served on a free loopback port (the dashboard and CLI tests' address). */
export async function serveStack(stack: Stack): Promise<{ url: string; close: () => Promise<void> }> {
  const server = serve({ fetch: stack.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
