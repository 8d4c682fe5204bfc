/**
 * The built-in tools every run offers beside the bot's MCP tools, each declared once with a zod
 * schema: the model is shown the JSON Schema made from it, and its arguments are checked with it.
 */
import { z } from 'zod';
import { MAX_CHECK_IN_MINUTES, RUN_OUTCOMES } from '../../domain/outcome.js';
import type { ToolSpec } from './provider.js';

export interface BuiltinTool<T> {
  spec: ToolSpec;
  /** The arguments, checked; or an error to hand back to the model (arguments are untrusted). */
  parse(args: unknown): { ok: true; value: T } | { ok: false; error: string };
}

function builtin<S extends z.ZodObject>(name: string, description: string, schema: S): BuiltinTool<z.infer<S>> {
  const { $schema: _, ...parameters } = z.toJSONSchema(schema) as Record<string, unknown>;
  return {
    spec: { name, description, parameters },
    parse(args) {
      const parsed = schema.safeParse(args);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, error: `error: invalid arguments for ${name}: ${z.prettifyError(parsed.error)}` };
    },
  };
}

export const NOTIFY_USER = builtin(
  'notify_user',
  "Send a notification to the heartbeat's member (or the project when there is none): a short title and a body.",
  z.object({
    title: z.string().describe('A short title'),
    body: z.string().describe('The message'),
  }),
);

const outcomeReport = z.object({
  outcome: z.enum(RUN_OUTCOMES).describe('What this check found'),
  summary: z.string().describe('One or two sentences on what you found'),
  next_check_in_minutes: z
    .number()
    .int()
    .min(1)
    .max(MAX_CHECK_IN_MINUTES)
    .optional()
    .describe('When it is worth looking again, in minutes'),
});
export type ReportArgs = z.infer<typeof outcomeReport>;

export const REPORT_OUTCOME = builtin(
  'report_outcome',
  'Report what this check found and end the run: nothing_to_report when nothing needs anyone, progress ' +
    'when something moved, needs_attention when a person should look. Optionally say when to check again.',
  outcomeReport,
);
