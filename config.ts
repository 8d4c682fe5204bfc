/** The one reader of the environment: every setting, validated with zod, as one `Config`. */
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The one reader of the environment. Everything else receives a `Config` (or a part of it),
 * so tests and scripts can build one from any map of variables.
 */
const port = z.coerce.number().int().min(0).max(65535);
const count = z.coerce.number().int().min(1);
const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty: coloured lines for people; json: one object a line; auto: pretty on a terminal. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  DATA_DIR: z.string().default('.data'),

  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  /**
   * The API is behind a proxy that terminates TLS and sets X-Forwarded-Proto: believe it (the
   * dashboard's session cookie is then Secure). Off by default: a client could set the header.
   */
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  /** How long a trigger waits for its run before answering 202 with the run key. */
  TRIGGER_WAIT_SECONDS: count.default(55),
  /** Reads in flight per API process before more answer 503 `overloaded`. */
  API_MAX_INFLIGHT_READS: count.default(64),
  /** While runs start later than API_BEHIND_MS, reads a second each project may make (per API process). */
  API_READS_PER_SECOND_WHEN_BEHIND: count.default(20),
  API_BEHIND_MS: count.default(1_000),

  DATABASE_URL: optional,
  EMBEDDED_PG_PORT: port.default(5433),
  /** Connections per process: the API and the worker each have a pool of their own. */
  DATABASE_POOL_API: count.default(10),
  DATABASE_POOL_WORKER: count.default(20),
  /** A statement running longer is cancelled; a lock waited on longer fails the statement. */
  DATABASE_STATEMENT_TIMEOUT_MS: count.default(10_000),
  DATABASE_LOCK_TIMEOUT_MS: count.default(5_000),
  /** false for a pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false', '1', '0']).default('true'),

  TEMPORAL_ADDRESS: optional,
  /**
   * Which Temporal `npm start` runs when TEMPORAL_ADDRESS is unset: `dev` is the CLI's dev server
   * (SQLite file, Web UI built in); `server` is the Temporal server a cluster runs, on the same
   * PostgreSQL (databases `temporal` and `temporal_visibility`), with the Web UI server beside it.
   */
  TEMPORAL_MODE: z.enum(['dev', 'server']).default('dev'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('heartbeat'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Where the dashboard links a heartbeat's workflow (default: the dev server's Web UI). */
  TEMPORAL_UI_URL: optional,
  TEMPORAL_CLI_PATH: optional,
  /**
   * Memory for heartbeats that wake often kept in the worker's cache, in MB: the cache holds as
   * many as fit (CACHED_HEARTBEAT_KB each); the rest replay their short histories when they wake.
   * Heartbeats that wake less often are not kept (worker/worker.ts, SPARSE_CACHED_WORKFLOWS).
   */
  WORKER_CACHE_MB: count.default(512),
  /** A number of cached heartbeats instead of a memory budget. */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1).optional(),
  /**
   * The worker's V8 heap limit, per isolate (its main thread and its workflow threads), in MB: a
   * limit, not a reservation; the cache's heartbeats live in it (CACHED_HEARTBEAT_HEAP_KB each).
   */
  WORKER_HEAP_MB: count.default(512),
  /** Runs at once: activities (triggers, deliveries) and, as many again, scheduled runs (local activities). */
  WORKER_MAX_CONCURRENT_ACTIVITIES: count.default(200),
  /**
   * Scheduled runs a worker holds until they are due, besides the runs under way: each is an
   * activity task asleep in the worker (a few KB) from two minutes before its time
   * (activities/waiting-run.ts). A one-minute heartbeat holds one at a time.
   */
  WORKER_MAX_WAITING_RUNS: count.default(5000),
  /**
   * Workflow tasks at once. A scheduled run is a local activity inside its workflow task, which
   * holds its slot until the run ends: as many as there may be scheduled runs at once.
   */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: count.default(200),
  /**
   * `npm start` can run the worker at a lower priority (niceness 1–19: its threads and its
   * session's scheduling group, with the batch policy), so that on a full machine the API answers
   * first and runs wait. 0, the default: the worker's timers start the held runs, and a lowered
   * worker starts them seconds late while the API and PostgreSQL are busy (docs/BENCHMARKS.md).
   */
  BACKGROUND_NICENESS: z.coerce.number().int().min(0).max(19).default(0),
  /**
   * Temporal's niceness under `npm start` (same scale). 10 by default: a run due within 70 s is
   * held by the worker and started on its clock (activities/waiting-run.ts), so what Temporal does
   * at a lower priority is the bookkeeping after runs and the timers of sparser heartbeats, which
   * have 70 s to spare; in a burst, the API's reads go first (docs/BENCHMARKS.md).
   */
  TEMPORAL_NICENESS: z.coerce.number().int().min(0).max(19).default(10),
  /** The worker's GET /metrics (its own and the Temporal SDK's); 0 picks a free port. */
  WORKER_METRICS_PORT: port.default(9464),
  /** Where the Temporal SDK serves its Prometheus metrics, read by the worker's /metrics. */
  TEMPORAL_SDK_METRICS_PORT: port.default(9465),

  /** Key sealing secrets at rest (32 bytes, base64). `npm start` makes one in DATA_DIR when unset. */
  SECRETS_KEY: optional,
  /** Keys SECRETS_KEY replaced (comma-separated): what they sealed still opens until rotate-secrets. */
  SECRETS_KEY_PREVIOUS: optional,
  /** Webhooks and MCP servers on loopback or private networks: refused unless allowed. */
  OUTBOUND_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false'),
  AGENT_PROVIDER: z.enum(['local', 'openai']).optional(),
  OPENAI_BASE_URL: optional,
  OPENAI_API_KEY: optional,
  MODEL_CREDIT_MULTIPLIERS: optional,

  /** The project's source folder; set by `npm start` for its compiled processes. */
  HEARTBEAT_SOURCE_ROOT: optional,
  HEARTBEAT_CACHE_DIR: optional,
  XDG_CACHE_HOME: optional,
  /** Where the time-skipping test server comes from: the SDK's download, the Java server, or a probe. */
  TEMPORAL_TEST_SERVER: z.enum(['auto', 'sdk', 'java']).default('auto'),
});

export type Config = ReturnType<typeof buildConfig>;

/** The embedded development server's credentials and database (loopback only). */
const EMBEDDED_PG = { user: 'heartbeat', password: 'heartbeat', database: 'heartbeat' } as const;

function buildConfig(env: z.infer<typeof envSchema>) {
  const dataDir = resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    sourceRoot: env.HEARTBEAT_SOURCE_ROOT ?? dirname(fileURLToPath(import.meta.url)),
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    dataDir,
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
      triggerWaitSeconds: env.TRIGGER_WAIT_SECONDS,
      overload: {
        maxInflight: env.API_MAX_INFLIGHT_READS,
        readsPerSecondWhenBehind: env.API_READS_PER_SECOND_WHEN_BEHIND,
        behindMs: env.API_BEHIND_MS,
      },
    },
    database: {
      /** DATABASE_URL when set; otherwise the embedded server's database. */
      url:
        env.DATABASE_URL ??
        `postgres://${EMBEDDED_PG.user}:${EMBEDDED_PG.password}@127.0.0.1:${env.EMBEDDED_PG_PORT}/${EMBEDDED_PG.database}`,
      external: env.DATABASE_URL !== undefined,
      embedded: { ...EMBEDDED_PG, port: env.EMBEDDED_PG_PORT, dataDir: resolve(dataDir, 'postgres') },
      pool: { api: env.DATABASE_POOL_API, worker: env.DATABASE_POOL_WORKER },
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
      preparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'true' || env.DATABASE_PREPARED_STATEMENTS === '1',
    },
    temporal: {
      /** External Temporal (cluster or Cloud) when set; otherwise the local dev server. */
      address: env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_PORT}`,
      external: env.TEMPORAL_ADDRESS !== undefined,
      mode: env.TEMPORAL_MODE,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      /**
       * The Web UI the dashboard links heartbeats to, only when the operator sets it: the UI shows the
       * whole namespace, every tenant's workflows, so it is never offered to tenants by default.
       */
      uiUrl: env.TEMPORAL_UI_URL?.replace(/\/$/, ''),
      devServer: {
        port: env.TEMPORAL_PORT,
        uiPort: env.TEMPORAL_UI_PORT,
        dbFile: resolve(dataDir, 'temporal.db'),
        cliPath: env.TEMPORAL_CLI_PATH,
      },
    },
    worker: {
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS ?? cachedWorkflowsFor(env.WORKER_CACHE_MB),
      cacheMb: env.WORKER_CACHE_MB,
      maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxWaitingRuns: env.WORKER_MAX_WAITING_RUNS,
      maxConcurrentWorkflowTasks: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      heapMb: env.WORKER_HEAP_MB,
      niceness: env.BACKGROUND_NICENESS,
      temporalNiceness: env.TEMPORAL_NICENESS,
      metricsPort: env.WORKER_METRICS_PORT,
      sdkMetricsPort: env.TEMPORAL_SDK_METRICS_PORT,
    },
    tools: {
      /** Per-user cache for what is built or downloaded once per machine, never the repository. */
      cacheDir: env.HEARTBEAT_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'heartbeat'),
      testServer: env.TEMPORAL_TEST_SERVER,
    },
    secretsKey: env.SECRETS_KEY,
    secretsKeyPrevious: env.SECRETS_KEY_PREVIOUS,
    outbound: { allowPrivate: env.OUTBOUND_ALLOW_PRIVATE === 'true' || env.OUTBOUND_ALLOW_PRIVATE === '1' },
    agent: {
      provider: env.AGENT_PROVIDER ?? (env.OPENAI_BASE_URL || env.OPENAI_API_KEY ? 'openai' : 'local'),
      openaiBaseUrl: env.OPENAI_BASE_URL,
      openaiApiKey: env.OPENAI_API_KEY,
      creditMultipliers: parseMultipliers(env.MODEL_CREDIT_MULTIPLIERS),
    },
  };
}

/**
 * What a heartbeat kept in the worker's cache costs its process, measured (docs/BENCHMARKS.md):
 * about 0.2 MB of RSS, of which about 0.12 MB is the workflow thread's heap and most of the rest
 * the Temporal core's native memory. Most of it is the SDK's own per-workflow state: a workflow
 * that does nothing but wait takes 84 KB of heap where a heartbeat takes 100 (both in one heap).
 */
export const CACHED_HEARTBEAT_KB = 200;
export const CACHED_HEARTBEAT_HEAP_KB = 128;

/** How many heartbeats a cache budget of `mb` holds. */
export function cachedWorkflowsFor(mb: number): number {
  return Math.max(1, Math.floor((mb * 1024) / CACHED_HEARTBEAT_KB));
}

/** "gpt-4o=2,gpt-4o-mini=0.5" → { "gpt-4o": 2, "gpt-4o-mini": 0.5 } */
function parseMultipliers(raw: string | undefined): Record<string, number> {
  const result: Record<string, number> = {};
  for (const pair of (raw ?? '').split(',')) {
    if (!pair.trim()) continue;
    const [model, value] = pair.split('=');
    const multiplier = Number(value);
    if (!model?.trim() || !Number.isFinite(multiplier) || multiplier < 0) {
      throw new Error(`MODEL_CREDIT_MULTIPLIERS: "${pair}" is not model=number`);
    }
    result[model.trim()] = multiplier;
  }
  return result;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return buildConfig(parsed.data);
}
