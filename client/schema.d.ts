// Generated from the API's OpenAPI document by `npm run openapi`. Do not edit.
export interface paths {
    "/v1/bot/heartbeat/configure": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a heartbeat (no heartbeat_id) or update the fields sent */
        post: operations["createHeartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What a configuration would do, without saving it: its next runs and the schedule in words */
        post: operations["previewHeartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/readall": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a bot's heartbeats, or the project's */
        get: operations["fetchHeartbeats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one heartbeat */
        get: operations["fetchHeartbeat"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a heartbeat */
        post: operations["enableHeartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a heartbeat (configuration kept) */
        post: operations["disableHeartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run once now, synchronously (enabled or not) */
        post: operations["triggerHeartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a heartbeat and end its workflow (logs stay) */
        delete: operations["deleteHeartbeat"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The configurations a heartbeat has had, newest first: who changed it, when, through what */
        get: operations["fetchHeartbeatVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Execution history, newest first */
        get: operations["fetchHeartbeatLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/heartbeat/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Aggregates over the last `days` UTC days */
        get: operations["fetchHeartbeatStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/subscriber/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a subscriber (member) to the project */
        post: operations["createSubscriber"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/subscriber/readall": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the project's subscribers */
        get: operations["fetchSubscribers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/subscriber/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a subscriber */
        delete: operations["deleteSubscriber"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/tool": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a bot's connected MCP servers */
        get: operations["fetchTools"];
        put?: never;
        /** Connect an MCP server (streamable HTTP) to a bot */
        post: operations["connectTool"];
        /** Disconnect an MCP server */
        delete: operations["disconnectTool"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/notification/readall": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Notifications sent by heartbeats, newest first */
        get: operations["fetchNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a bot */
        post: operations["createBot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a bot */
        get: operations["fetchBot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/readall": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the project's bots */
        get: operations["fetchBots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/update": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Update a bot (heartbeat: true|false|1|0 turns the feature on or off) */
        put: operations["updateBot"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bot/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a bot and its heartbeats */
        delete: operations["deleteBot"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API key in use: the project it names, and what it may do (no project_id needed) */
        get: operations["fetchApiKey"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Heartbeat: {
            /** Format: uuid */
            uuid: string;
            /** Format: uuid */
            bot_id: string;
            /** Format: uuid */
            member_id: string | null;
            prompt: string;
            interval_minutes: number | null;
            cron_pattern: string | null;
            enabled: boolean;
            active_hours_start: string | null;
            active_hours_end: string | null;
            active_days: string | null;
            timezone: string;
            credit_budget: number | null;
            credits_used: number;
            /** Format: date-time */
            last_executed_at: string | null;
            /** @enum {string|null} */
            last_status: "success" | "error" | "skipped" | null;
            execution_count: number;
            error_count: number;
            max_consecutive_errors: number;
            jitter_seconds: number;
            /**
             * @description Occurrences missed while the heartbeat could not run (workers down): `run_once` runs the latest (default), `skip` runs none, `run_all` runs each, oldest first, within catch_up_window_minutes
             * @enum {string}
             */
            missed_runs: "run_once" | "skip" | "run_all";
            /** @description With run_all: how old (minutes) a missed occurrence may be and still run (default 60) */
            catch_up_window_minutes: number;
            dst_policy: components["schemas"]["DstPolicy"];
            /**
             * @description A manual trigger while a run is in flight: wait for it (`queue`, default) or answer 409 run_in_progress
             * @enum {string}
             */
            overlap: "queue" | "skip";
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /**
             * @description Where the last change came from: api, mcp or dashboard (null: before this was recorded)
             * @enum {string|null}
             */
            updated_via: "api" | "mcp" | "dashboard" | null;
            /** Format: date-time */
            next_run_at: string | null;
            /** @description The next run is more than 6 minutes late: the workflow is not running it (workers down?) */
            overdue: boolean;
            /** @enum {string} */
            state: "active" | "disabled" | "auto_paused" | "budget_exhausted" | "waiting_for_window" | "stalled";
            paused_reason: string | null;
            /**
             * Format: date-time
             * @description When the heartbeat was found stalled (state stalled): its next run two intervals (cron: 10 minutes) overdue with nothing recorded, or its workflow gone
             */
            stalled_at: string | null;
            /** @description Why it is stalled, in words */
            stall_reason: string | null;
            consecutive_errors: number;
            version: number;
            /** @description The schedule in words */
            schedule_description: string;
            /** @description The next 5 runs (UTC), none while disabled */
            upcoming_runs: string[];
            /** @enum {string} */
            notify_policy: "always" | "unless_quiet" | "needs_attention";
            precheck_url: string | null;
            triage_model: string | null;
            /** @description This heartbeat's model; null: its bot's */
            model: string | null;
            max_credits_per_run: number | null;
            /** @enum {string} */
            context: "today" | "fresh" | "digest";
            context_runs: number;
            context_token_limit: number | null;
            /** @enum {string} */
            cadence: "fixed" | "adaptive";
            /** @description The longest an adaptive heartbeat waits (4 × interval_minutes unless set); null for a cron schedule */
            max_interval_minutes: number | null;
            /** @description Why next_run_at is when it is: an adaptive heartbeat, after its runs */
            next_run_reason: string | null;
            forecast: components["schemas"]["Forecast"];
        };
        DstPolicy: {
            /**
             * @description A local time the clocks repeat (autumn): run at the first pass only (default) or at both
             * @enum {string}
             */
            repeated_hour: "first" | "both";
            /**
             * @description A local time the clocks skip (spring): run at the first minute after the gap (default) or not at all
             * @enum {string}
             */
            skipped_hour: "shift" | "skip";
        };
        /** @description What the heartbeat will spend this billing period, at its latest pace */
        Forecast: {
            /**
             * Format: date-time
             * @description The current billing period
             */
            period_start: string;
            /** Format: date-time */
            period_end: string;
            /** @description Runs in the whole period at its schedule and window (an adaptive heartbeat at its interval) */
            runs_per_period: number;
            /** @description Runs from now to the end of the period: none unless it runs on schedule, and no more than the budget pays for */
            runs_left_this_period: number;
            /** @description Average credits of its last 20 runs (those the precheck skipped count, at 0); 0 with none */
            avg_credits_per_run: number;
            /** @description credits_used + runs left × the average */
            credits_expected_this_period: number;
            /**
             * Format: date-time
             * @description When, at this pace, the run that spends the last of the budget is due; the read's time when it is already spent; null without a budget or when it lasts the period
             */
            budget_exhausted_at: string | null;
        };
        Error400: {
            error: {
                /** @enum {number} */
                status: 400;
                /** @enum {string} */
                code: "invalid_json" | "validation_failed" | "interval_below_plan_minimum" | "schedule_never_runs" | "adaptive_requires_interval";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        /** @description One problem with one field; its code is stable */
        ErrorDetail: {
            field: string;
            code: string;
            message: string;
        };
        Error401: {
            error: {
                /** @enum {number} */
                status: 401;
                /** @enum {string} */
                code: "missing_api_key" | "invalid_api_key" | "revoked_api_key";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        Error403: {
            error: {
                /** @enum {number} */
                status: 403;
                /** @enum {string} */
                code: "project_mismatch" | "insufficient_scope" | "bot_outside_key_scope" | "plan_without_heartbeat" | "heartbeat_limit_reached" | "heartbeat_not_enabled" | "bot_limit_reached" | "member_limit_reached" | "tool_limit_reached";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        Error404: {
            error: {
                /** @enum {number} */
                status: 404;
                /** @enum {string} */
                code: "not_found" | "heartbeat_not_found" | "bot_not_found" | "member_not_found" | "tool_not_found";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        Error409: {
            error: {
                /** @enum {number} */
                status: 409;
                /** @enum {string} */
                code: "idempotency_key_in_progress" | "run_in_progress";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
                /** @description With run_in_progress: the run key of the run in flight (GET /logs?run_key=… shows it once recorded) */
                run_key?: string | null;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        Error413: {
            error: {
                /** @enum {number} */
                status: 413;
                /** @enum {string} */
                code: "payload_too_large";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        Error415: {
            error: {
                /** @enum {number} */
                status: 415;
                /** @enum {string} */
                code: "unsupported_media_type";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        Error422: {
            error: {
                /** @enum {number} */
                status: 422;
                /** @enum {string} */
                code: "idempotency_key_reused";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        Error429: {
            error: {
                /** @enum {number} */
                status: 429;
                /** @enum {string} */
                code: "rate_limited" | "trigger_busy";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        Error503: {
            error: {
                /** @enum {number} */
                status: 503;
                /** @enum {string} */
                code: "database_unavailable" | "temporal_unavailable" | "overloaded";
                message: string;
                details: components["schemas"]["ErrorDetail"][];
                /** @description The X-Request-Id of the request (sent, or made up by the API): quote it when reporting a problem */
                request_id?: string;
            };
            /** @description The same message, for clients that show a top-level one */
            message: string;
        };
        /**
         * @example {
         *       "project_id": "6b0a8c4e-2f1d-4c8e-9a3b-1d2e3f4a5b6c",
         *       "bot_id": "9f8e7d6c-5b4a-4321-8fed-cba987654321",
         *       "prompt": "Check my inbox and summarise anything urgent.",
         *       "interval_minutes": 60,
         *       "enabled": true,
         *       "active_hours_start": "09:00",
         *       "active_hours_end": "17:00",
         *       "active_days": "1,2,3,4,5",
         *       "timezone": "America/New_York",
         *       "credit_budget": 500,
         *       "max_consecutive_errors": 5
         *     }
         */
        ConfigureHeartbeat: {
            /**
             * Format: uuid
             * @description Your project; must be the API key's project
             */
            project_id: string;
            /** Format: uuid */
            bot_id: string;
            /**
             * Format: uuid
             * @description Omit to create; give to update only the fields sent
             */
            heartbeat_id?: string;
            prompt?: string;
            interval_minutes?: number | null;
            cron_pattern?: string | null;
            enabled?: boolean;
            active_hours_start?: string | null;
            active_hours_end?: string | null;
            /** @description Weekdays the window is open, 1 = Monday: "1,2,3,4,5" or [1,2,3,4,5]; answered as the string */
            active_days?: string | number[] | null;
            timezone?: string;
            credit_budget?: number | null;
            max_consecutive_errors?: number;
            /** @description Run each occurrence up to this many seconds late, spread per occurrence (default 0) */
            jitter_seconds?: number;
            /** Format: uuid */
            member_id?: string | null;
            /**
             * @description Which runs' notifications are sent: always; unless_quiet (default: a nothing_to_report run's are kept with suppressed: true, not sent); needs_attention (only those runs')
             * @enum {string}
             */
            notify_policy?: "always" | "unless_quiet" | "needs_attention";
            /**
             * Format: uri
             * @description GET before any model call (signed like a webhook, 10 s): 304 or {"changed": false} skips the run for free (nothing_changed); {"changed": true, "context": "…"} adds the context to the prompt
             */
            precheck_url?: string | null;
            /** @description A cheaper model that looks first with only report_outcome: its nothing_to_report ends the run; otherwise the run escalates to the heartbeat's model */
            triage_model?: string | null;
            /** @description This heartbeat's model, instead of its bot's (null: the bot's) */
            model?: string | null;
            /** @description Stop a run (error_code run_credit_limit) once it has spent this many credits, checked between model calls; never more than the budget left */
            max_credits_per_run?: number | null;
            /**
             * @description What a run is told of earlier runs: today (default: the day's earlier exchanges), fresh (nothing), digest (the summaries of the last context_runs runs)
             * @enum {string}
             */
            context?: "today" | "fresh" | "digest";
            /** @description How many earlier runs a digest summarises (default 5) */
            context_runs?: number;
            /** @description The most, in tokens (about 4 characters each), that earlier runs may add; the oldest go first */
            context_token_limit?: number | null;
            /**
             * @description fixed (default) or adaptive (interval schedules only, else 400 adaptive_requires_interval): the next run follows the run's next_check_in_minutes within [interval_minutes, max_interval_minutes]; without one, each nothing_to_report in a row doubles the interval up to the maximum, and any other outcome returns to interval_minutes
             * @enum {string}
             */
            cadence?: "fixed" | "adaptive";
            /** @description The longest an adaptive heartbeat waits (default, null: 4 × interval_minutes) */
            max_interval_minutes?: number | null;
            /**
             * @description Occurrences missed while the heartbeat could not run (workers down): `run_once` runs the latest (default), `skip` runs none, `run_all` runs each, oldest first, within catch_up_window_minutes
             * @enum {string}
             */
            missed_runs?: "run_once" | "skip" | "run_all";
            /** @description With run_all: how old (minutes) a missed occurrence may be and still run (default 60) */
            catch_up_window_minutes?: number;
            /** @description Daylight saving for local times the schedule names (cron fields, window opening); the fields sent change */
            dst_policy?: {
                /**
                 * @description A local time the clocks repeat (autumn): run at the first pass only (default) or at both
                 * @enum {string}
                 */
                repeated_hour?: "first" | "both";
                /**
                 * @description A local time the clocks skip (spring): run at the first minute after the gap (default) or not at all
                 * @enum {string}
                 */
                skipped_hour?: "shift" | "skip";
            };
            /**
             * @description A manual trigger while a run is in flight: wait for it (`queue`, default) or answer 409 run_in_progress
             * @enum {string}
             */
            overlap?: "queue" | "skip";
        };
        Preview: {
            schedule_description: string;
            timezone: string;
            /** @description How many times it runs in the project's current billing period, start to end, at its schedule and window (an adaptive heartbeat at its interval, the most it can) */
            runs_per_period: number;
            runs: {
                /** Format: date-time */
                at: string;
                /** @description The same instant in the heartbeat's time zone */
                local: string;
                /** @description The clock change (daylight saving) on that local day, in words */
                clock_change: string | null;
                /** @description How the clock change placed this run: moved to the end of a gap for a time the clocks skip, or at which pass of a repeated time */
                dst_note: string | null;
            }[];
            /** @description Every clock change from `from` to the last run shown, and what the schedule does that day */
            clock_changes: {
                /**
                 * Format: date
                 * @description The local date of the change
                 */
                date: string;
                /**
                 * Format: date-time
                 * @description The first instant on the new offset
                 */
                at: string;
                /** @description How far the clocks move: forward (> 0) or back (< 0) */
                shift_minutes: number;
                clock_change: string;
                /** @description What this schedule does that day, by its dst_policy */
                effect: string;
            }[];
        };
        PreviewHeartbeat: {
            /**
             * Format: uuid
             * @description Your project; must be the API key's project
             */
            project_id: string;
            /** Format: uuid */
            bot_id: string;
            /**
             * Format: uuid
             * @description Omit to create; give to update only the fields sent
             */
            heartbeat_id?: string;
            prompt?: string;
            interval_minutes?: number | null;
            cron_pattern?: string | null;
            enabled?: boolean;
            active_hours_start?: string | null;
            active_hours_end?: string | null;
            /** @description Weekdays the window is open, 1 = Monday: "1,2,3,4,5" or [1,2,3,4,5]; answered as the string */
            active_days?: string | number[] | null;
            timezone?: string;
            credit_budget?: number | null;
            max_consecutive_errors?: number;
            /** @description Run each occurrence up to this many seconds late, spread per occurrence (default 0) */
            jitter_seconds?: number;
            /** Format: uuid */
            member_id?: string | null;
            /**
             * @description Which runs' notifications are sent: always; unless_quiet (default: a nothing_to_report run's are kept with suppressed: true, not sent); needs_attention (only those runs')
             * @enum {string}
             */
            notify_policy?: "always" | "unless_quiet" | "needs_attention";
            /**
             * Format: uri
             * @description GET before any model call (signed like a webhook, 10 s): 304 or {"changed": false} skips the run for free (nothing_changed); {"changed": true, "context": "…"} adds the context to the prompt
             */
            precheck_url?: string | null;
            /** @description A cheaper model that looks first with only report_outcome: its nothing_to_report ends the run; otherwise the run escalates to the heartbeat's model */
            triage_model?: string | null;
            /** @description This heartbeat's model, instead of its bot's (null: the bot's) */
            model?: string | null;
            /** @description Stop a run (error_code run_credit_limit) once it has spent this many credits, checked between model calls; never more than the budget left */
            max_credits_per_run?: number | null;
            /**
             * @description What a run is told of earlier runs: today (default: the day's earlier exchanges), fresh (nothing), digest (the summaries of the last context_runs runs)
             * @enum {string}
             */
            context?: "today" | "fresh" | "digest";
            /** @description How many earlier runs a digest summarises (default 5) */
            context_runs?: number;
            /** @description The most, in tokens (about 4 characters each), that earlier runs may add; the oldest go first */
            context_token_limit?: number | null;
            /**
             * @description fixed (default) or adaptive (interval schedules only, else 400 adaptive_requires_interval): the next run follows the run's next_check_in_minutes within [interval_minutes, max_interval_minutes]; without one, each nothing_to_report in a row doubles the interval up to the maximum, and any other outcome returns to interval_minutes
             * @enum {string}
             */
            cadence?: "fixed" | "adaptive";
            /** @description The longest an adaptive heartbeat waits (default, null: 4 × interval_minutes) */
            max_interval_minutes?: number | null;
            /**
             * @description Occurrences missed while the heartbeat could not run (workers down): `run_once` runs the latest (default), `skip` runs none, `run_all` runs each, oldest first, within catch_up_window_minutes
             * @enum {string}
             */
            missed_runs?: "run_once" | "skip" | "run_all";
            /** @description With run_all: how old (minutes) a missed occurrence may be and still run (default 60) */
            catch_up_window_minutes?: number;
            /** @description Daylight saving for local times the schedule names (cron fields, window opening); the fields sent change */
            dst_policy?: {
                /**
                 * @description A local time the clocks repeat (autumn): run at the first pass only (default) or at both
                 * @enum {string}
                 */
                repeated_hour?: "first" | "both";
                /**
                 * @description A local time the clocks skip (spring): run at the first minute after the gap (default) or not at all
                 * @enum {string}
                 */
                skipped_hour?: "shift" | "skip";
            };
            /**
             * @description A manual trigger while a run is in flight: wait for it (`queue`, default) or answer 409 run_in_progress
             * @enum {string}
             */
            overlap?: "queue" | "skip";
            /**
             * @description How many runs (default 10, at most 100)
             * @default 10
             */
            count: number;
            /**
             * Format: date-time
             * @description The runs after this instant (ISO 8601; default now): look at next March before it comes
             */
            from?: string;
        };
        Pagination: {
            page: number;
            per_page: number;
            total: number;
            total_pages: number;
        };
        HeartbeatRef: {
            /**
             * Format: uuid
             * @description Your project; must be the API key's project
             */
            project_id: string;
            /** Format: uuid */
            heartbeat_id: string;
        };
        RunResult: {
            /** @enum {string} */
            status: "success" | "error" | "skipped";
            response: string | null;
            duration_ms: number;
            tokens_used: number;
            credits_charged: number;
            error_message?: string | null;
            reason?: string | null;
            /**
             * @description What the run reported (report_outcome, or HEARTBEAT_OK: nothing_to_report); null: nothing
             * @enum {string|null}
             */
            outcome: "nothing_to_report" | "progress" | "needs_attention" | null;
            /** @description The run's own summary of what it found */
            summary: string | null;
            /** @description When the run asked to be looked at again */
            next_check_in_minutes: number | null;
        };
        TriggerAccepted: {
            /** @enum {boolean} */
            accepted: true;
            /** @enum {string} */
            status: "running";
            /** @description GET /logs?run_key=… shows the run once it is recorded */
            run_key: string;
            message: string;
        };
        HeartbeatVersion: {
            version: number;
            /**
             * @description What made it: created, configured, enabled, disabled, paused_for_bot (the bot’s heartbeat flag turned off), or plan_changed (paused or slowed to fit a new plan, by the operator: no key)
             * @enum {string}
             */
            change: "created" | "configured" | "enabled" | "disabled" | "paused_for_bot" | "plan_changed";
            /**
             * Format: date-time
             * @description When the change was saved
             */
            created_at: string;
            /**
             * @description The surface the change came through
             * @enum {string|null}
             */
            via: "api" | "mcp" | "dashboard" | null;
            /** @description The API key that made the change */
            changed_by: {
                /** Format: uuid */
                key_id: string;
                key_prefix: string;
                key_name: string | null;
            } | null;
            /** @description The configuration after the change, as a heartbeat read showed it */
            configuration: {
                prompt?: string;
                interval_minutes?: number | null;
                cron_pattern?: string | null;
                enabled?: boolean;
                active_hours_start?: string | null;
                active_hours_end?: string | null;
                active_days?: string | null;
                timezone?: string;
                credit_budget?: number | null;
                max_consecutive_errors?: number;
                jitter_seconds?: number;
                /** Format: uuid */
                member_id?: string | null;
                /** @enum {string} */
                notify_policy?: "always" | "unless_quiet" | "needs_attention";
                precheck_url?: string | null;
                triage_model?: string | null;
                /** @description This heartbeat's model; null: its bot's */
                model?: string | null;
                max_credits_per_run?: number | null;
                /** @enum {string} */
                context?: "today" | "fresh" | "digest";
                context_runs?: number;
                context_token_limit?: number | null;
                /** @enum {string} */
                cadence?: "fixed" | "adaptive";
                /** @description The longest an adaptive heartbeat waits (4 × interval_minutes unless set); null for a cron schedule */
                max_interval_minutes?: number | null;
                /**
                 * @description Occurrences missed while the heartbeat could not run (workers down): `run_once` runs the latest (default), `skip` runs none, `run_all` runs each, oldest first, within catch_up_window_minutes
                 * @enum {string}
                 */
                missed_runs?: "run_once" | "skip" | "run_all";
                /** @description With run_all: how old (minutes) a missed occurrence may be and still run (default 60) */
                catch_up_window_minutes?: number;
                dst_policy?: components["schemas"]["DstPolicy"];
                /**
                 * @description A manual trigger while a run is in flight: wait for it (`queue`, default) or answer 409 run_in_progress
                 * @enum {string}
                 */
                overlap?: "queue" | "skip";
                /** @description The schedule in words */
                schedule_description?: string;
            };
        };
        LogEntry: {
            /** Format: uuid */
            uuid: string;
            /** Format: uuid */
            heartbeat_id: string;
            /** Format: uuid */
            member_id: string | null;
            /** @enum {string} */
            type: "heartbeat" | "manual";
            /** @enum {string} */
            status: "success" | "error" | "skipped";
            reason: string | null;
            missed_count: number | null;
            prompt: string;
            response: string | null;
            duration_ms: number;
            tokens_used: number;
            credits_charged: number;
            error_message: string | null;
            /** @description A stable code for the error where there is one: `run_credit_limit`, or `secret_unreadable` (a bot secret sealed under a key the service no longer has) */
            error_code: string | null;
            /** Format: date-time */
            scheduled_for: string | null;
            /** @description The heartbeat's configuration version the run ran with (null on runs recorded before versions were kept) */
            config_version: number | null;
            /** Format: date-time */
            started_at: string | null;
            run_key: string;
            attempts: number;
            /** @description Earlier attempts cut short (a worker died mid-run): whether each reached the model, and what it spent there (charged with the run) */
            interrupted_attempts: {
                attempt: number;
                reached_provider: boolean;
                provider_calls: number;
                tokens_used?: number;
                credits_charged?: number;
            }[];
            /** @description The tools the agent called, in order: `notify_user`, `report_outcome` and the bot's MCP tools */
            tool_calls: {
                name: string;
                ok: boolean;
                duration_ms: number;
            }[];
            /**
             * @description What the run reported (report_outcome, or HEARTBEAT_OK: nothing_to_report); null: nothing
             * @enum {string|null}
             */
            outcome: "nothing_to_report" | "progress" | "needs_attention" | null;
            /** @description The run's own summary of what it found */
            summary: string | null;
            /** @description When the run asked to be looked at again */
            next_check_in_minutes: number | null;
            /** @description Whether the triage model handed the run to the full model; null: no triage model */
            escalated: boolean | null;
            /** @description The triage model's tokens (in tokens_used too) */
            triage_tokens_used: number | null;
            /**
             * @description What the precheck answered; ignored: neither, and the run went ahead (see precheck_note)
             * @enum {string|null}
             */
            precheck: "changed" | "unchanged" | "ignored" | null;
            precheck_note: string | null;
            /** Format: date-time */
            created_at: string;
        };
        Stats: {
            total_executions: number;
            success_count: number;
            error_count: number;
            skipped_count: number;
            success_rate: number;
            total_tokens: number;
            total_credits: number;
            avg_duration_ms: number;
            active_heartbeats: number;
            by_type: {
                [key: string]: number;
            };
            outcomes: components["schemas"]["OutcomeCounts"];
            /** @description nothing_to_report ÷ (runs that ran + runs the precheck skipped); 0 with none */
            quiet_rate: number;
            /** @description Runs the precheck skipped (nothing_changed): no model call */
            precheck_skipped: number;
            /** @description Runs the triage model ended as nothing_to_report */
            triage_ended: number;
            /** @description Estimated: those runs × the average credits of runs that reached the full model, less what the triage runs cost */
            credits_saved: number;
            time_series: {
                /** Format: date */
                date: string;
                total: number;
                success: number;
                error: number;
                skipped: number;
                tokens: number;
                credits: number;
                /** @description Mean duration of the runs that ran (success or error) */
                avg_duration_ms: number;
                outcomes: components["schemas"]["OutcomeCounts"];
            }[];
        };
        /** @description Runs by what they reported; unreported: runs that ran and reported nothing */
        OutcomeCounts: {
            nothing_to_report: number;
            progress: number;
            needs_attention: number;
            unreported: number;
        };
        Member: {
            /** Format: uuid */
            uuid: string;
            name: string | null;
            email: string | null;
            external_id: string | null;
            /** Format: date-time */
            created_at: string;
        };
        Tool: {
            /** Format: uuid */
            uuid: string;
            /** Format: uuid */
            bot_id: string;
            server_label: string;
            server_url: string;
            /** @description Names only: header values are secrets and never returned */
            header_names: string[];
            /** Format: date-time */
            created_at: string;
        };
        Notification: {
            /** Format: uuid */
            uuid: string;
            /** Format: uuid */
            bot_id: string;
            /** Format: uuid */
            heartbeat_id: string | null;
            /** Format: uuid */
            member_id: string | null;
            run_key: string;
            title: string;
            body: string;
            /** @description stored (not delivered yet), delivered, suppressed, refused (outbound policy), rejected_<status> */
            delivery_status: string;
            /** @description Kept but not sent: the heartbeat's notify_policy held back its run's notifications */
            suppressed: boolean;
            /** Format: date-time */
            delivered_at: string | null;
            /** Format: date-time */
            created_at: string;
        };
        Bot: {
            /** Format: uuid */
            uuid: string;
            name: string;
            model: string;
            instruction: string;
            status: 0 | 1;
            heartbeat: boolean;
            webhook_url: string | null;
            /**
             * @description Alert events sent to the webhook (signed and retried like notifications): a run failed, occurrences were missed, a run reported needs_attention, a heartbeat paused itself after its errors in a row, a budget ran out.
             * @example [
             *       "heartbeat.auto_paused",
             *       "run.failed"
             *     ]
             */
            alert_events: ("heartbeat.auto_paused" | "heartbeat.budget_exhausted" | "run.failed" | "run.missed" | "run.needs_attention" | "heartbeat.stalled")[];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ApiKey: {
            key: {
                /** @description The first characters of the key, as the admin command lists it */
                prefix: string;
                name: string | null;
                /**
                 * @description `full`: everything; `heartbeats:write`: reads everything, changes and runs heartbeats; `heartbeats:read`: reads everything
                 * @enum {string}
                 */
                scope: "full" | "heartbeats:write" | "heartbeats:read";
                /**
                 * Format: uuid
                 * @description A `heartbeats:write` key bound to this bot changes its heartbeats only
                 */
                bot_id: string | null;
                /** @description What the key may do, in words */
                access: string;
            };
            project: {
                /** Format: uuid */
                id: string;
                name: string;
                plan: string;
                /** @description Requests per minute, REST and MCP together */
                rate_limit_per_minute: number;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createHeartbeat: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry of this request safe: the same key gets the same answer for 24 hours */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfigureHeartbeat"];
            };
        };
        responses: {
            /** @description The heartbeat as saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        heartbeat: components["schemas"]["Heartbeat"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description A request with this Idempotency-Key is still being handled, or (trigger) a run is in flight and the overlap policy is skip */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error409"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description This Idempotency-Key was used with a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error422"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    previewHeartbeat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreviewHeartbeat"];
            };
        };
        responses: {
            /** @description The preview */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        preview: components["schemas"]["Preview"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchHeartbeats: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                /** @description One bot's heartbeats; without it, the whole project's */
                bot_id?: string;
                member_id?: string;
                page?: number;
                per_page?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of heartbeats, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        heartbeats: components["schemas"]["Heartbeat"][];
                        pagination: components["schemas"]["Pagination"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchHeartbeat: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                heartbeat_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The heartbeat */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        heartbeat: components["schemas"]["Heartbeat"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    enableHeartbeat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HeartbeatRef"];
            };
        };
        responses: {
            /** @description The heartbeat as it now is */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        heartbeat: components["schemas"]["Heartbeat"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    disableHeartbeat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HeartbeatRef"];
            };
        };
        responses: {
            /** @description The heartbeat as it now is */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        heartbeat: components["schemas"]["Heartbeat"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    triggerHeartbeat: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry of this request safe: the same key gets the same answer for 24 hours */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HeartbeatRef"];
            };
        };
        responses: {
            /** @description The run result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        result: components["schemas"]["RunResult"];
                    };
                };
            };
            /** @description Still running at the deadline: find it in the logs by its run key */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerAccepted"];
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description A request with this Idempotency-Key is still being handled, or (trigger) a run is in flight and the overlap policy is skip */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error409"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description This Idempotency-Key was used with a different request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error422"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    deleteHeartbeat: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                heartbeat_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The heartbeat as it was */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: boolean;
                        heartbeat: components["schemas"]["Heartbeat"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchHeartbeatVersions: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                bot_id: string;
                heartbeat_id: string;
                page?: number;
                per_page?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of versions (each run in the logs names the config_version it ran with) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        total: number;
                        versions: components["schemas"]["HeartbeatVersion"][];
                        pagination: components["schemas"]["Pagination"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchHeartbeatLogs: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                heartbeat_id?: string;
                member_id?: string;
                bot_id?: string;
                status?: "success" | "error" | "skipped";
                /** @description heartbeat (scheduled) or manual (triggered) */
                type?: "heartbeat" | "manual";
                /** @description Runs that reported this outcome, or unreported: runs that ran and reported none */
                outcome?: "nothing_to_report" | "progress" | "needs_attention" | "unreported";
                /** @description The run with this key (a trigger answers 202 with it) */
                run_key?: string;
                from?: string;
                to?: string;
                /** @description The page before's `next_cursor`: the runs after it (`page` is then ignored) */
                cursor?: string;
                page?: number;
                per_page?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of runs */
            200: {
                headers: {
                    /** @description The next page: `<…?cursor=…>; rel="next"` */
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        total: number;
                        logs: components["schemas"]["LogEntry"][];
                        pagination: components["schemas"]["Pagination"];
                        /** @description Give it as `cursor` for the runs after this page (null: none); the Link header names that page too */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchHeartbeatStats: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                days?: number;
                heartbeat_id?: string;
                member_id?: string;
                bot_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The aggregates */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        stats: components["schemas"]["Stats"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    createSubscriber: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description Your project; must be the API key's project
                     */
                    project_id: string;
                    name?: string | null;
                    /** Format: email */
                    email?: string | null;
                    external_id?: string | null;
                };
            };
        };
        responses: {
            /** @description The member */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        member: components["schemas"]["Member"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchSubscribers: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                page?: number;
                per_page?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of members */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        members: components["schemas"]["Member"][];
                        pagination: components["schemas"]["Pagination"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    deleteSubscriber: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                member_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed member */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: boolean;
                        member: components["schemas"]["Member"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchTools: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                bot_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tools */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tools: components["schemas"]["Tool"][];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    connectTool: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description Your project; must be the API key's project
                     */
                    project_id: string;
                    /** Format: uuid */
                    bot_id: string;
                    server_label: string;
                    /** Format: uri */
                    server_url: string;
                    headers?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description The connected tool */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tool: components["schemas"]["Tool"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    disconnectTool: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                tool_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed tool */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: boolean;
                        tool: components["schemas"]["Tool"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchNotifications: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                member_id?: string;
                heartbeat_id?: string;
                /** @description Only those one run sent */
                run_key?: string;
                page?: number;
                per_page?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notifications */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        notifications: components["schemas"]["Notification"][];
                        pagination: components["schemas"]["Pagination"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    createBot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description Your project; must be the API key's project
                     */
                    project_id: string;
                    name: string;
                    /** @default gpt-4o-mini */
                    model?: string;
                    /** @default  */
                    instruction?: string;
                    /** @default 1 */
                    status?: 0 | 1;
                    heartbeat?: boolean;
                    /** Format: uri */
                    webhook_url?: string | null;
                    /**
                     * @description Alert events sent to the webhook (signed and retried like notifications): a run failed, occurrences were missed, a run reported needs_attention, a heartbeat paused itself after its errors in a row, a budget ran out.
                     * @example [
                     *       "heartbeat.auto_paused",
                     *       "run.failed"
                     *     ]
                     */
                    alert_events?: ("heartbeat.auto_paused" | "heartbeat.budget_exhausted" | "run.failed" | "run.missed" | "run.needs_attention" | "heartbeat.stalled")[];
                };
            };
        };
        responses: {
            /** @description The bot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bot: components["schemas"]["Bot"];
                        /** @description Shown once, when a webhook URL is set */
                        webhook_secret?: string;
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchBot: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                bot_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bot: components["schemas"]["Bot"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchBots: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                page?: number;
                per_page?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of bots */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bots: components["schemas"]["Bot"][];
                        pagination: components["schemas"]["Pagination"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    updateBot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: uuid
                     * @description Your project; must be the API key's project
                     */
                    project_id: string;
                    /** Format: uuid */
                    bot_id: string;
                    name?: string;
                    model?: string;
                    instruction?: string;
                    status?: 0 | 1;
                    heartbeat?: boolean;
                    /** Format: uri */
                    webhook_url?: string | null;
                    /**
                     * @description Alert events sent to the webhook (signed and retried like notifications): a run failed, occurrences were missed, a run reported needs_attention, a heartbeat paused itself after its errors in a row, a budget ran out.
                     * @example [
                     *       "heartbeat.auto_paused",
                     *       "run.failed"
                     *     ]
                     */
                    alert_events?: ("heartbeat.auto_paused" | "heartbeat.budget_exhausted" | "run.failed" | "run.missed" | "run.needs_attention" | "heartbeat.stalled")[];
                };
            };
        };
        responses: {
            /** @description The bot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bot: components["schemas"]["Bot"];
                        /** @description Shown once, when a webhook URL is set */
                        webhook_secret?: string;
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description The body is over 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error413"];
                };
            };
            /** @description The body is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error415"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    deleteBot: {
        parameters: {
            query: {
                /** @description Your project; must be the API key's project */
                project_id: string;
                bot_id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deleted bot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: boolean;
                        bot: components["schemas"]["Bot"];
                    };
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
    fetchApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key and its project */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description Invalid input: each detail says which field and why */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error400"];
                };
            };
            /** @description Missing, invalid or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error401"];
                };
            };
            /** @description Another project, the key's scope or bot, plan without heartbeat, a cap reached, bot heartbeat flag off */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error403"];
                };
            };
            /** @description Not found in this project */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error404"];
                };
            };
            /** @description Rate limited (see the X-RateLimit-* headers and Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error429"];
                };
            };
            /** @description Temporal or PostgreSQL unreachable; try again after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error503"];
                };
            };
        };
    };
}
