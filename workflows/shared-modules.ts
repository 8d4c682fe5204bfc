/**
 * The modules every heartbeat workflow shares in the worker's one V8 context: evaluated once per
 * worker instead of once per cached (or replaying) workflow. They are the pure part of what the
 * workflow imports: the schedule and heartbeat rules, the libraries under them, and the mutex.
 * None keeps per-workflow state (the libraries' caches hold deterministic results of their
 * inputs), and none needs a workflow to exist when it loads.
 *
 * They are named through this module, not as package names, so that the worker resolves them as
 * the workflow's own `import`s do: a package name in `preloadModules` is loaded with `require`,
 * which picks another file of a package that ships both (croner, async-mutex) or none at all
 * (luxon), and the workflow then carried its own copy anyway.
 */
export * as heartbeat from '../domain/heartbeat.js';
export * as schedule from '../domain/schedule.js';
export * as catchUp from '../domain/catch-up.js';
export * as runDecision from '../domain/run-decision.js';
export * as runs from '../contract/runs.js';
export * as mutex from 'async-mutex';
