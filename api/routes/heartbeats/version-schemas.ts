/** The configurations a heartbeat has had (GET /v1/bot/heartbeat/versions), as zod schemas. */
import { z } from '@hono/zod-openapi';
import { SURFACES } from '../../../domain/access.js';
import { VERSION_CHANGES } from '../../../domain/heartbeat.js';
import { id, int, pageQuery, projectId, time, uuid } from '../../openapi.js';
import { configureFields, heartbeat } from './schemas.js';

/**
 * The fields of a heartbeat read that are its configuration: those a configure sets (less the ids
 * that name it), and the schedule in words. A field added to configure is kept in every version.
 */
const CONFIGURATION_FIELDS = [
  ...Object.keys(configureFields).filter((f) => !['project_id', 'bot_id', 'heartbeat_id'].includes(f)),
  'schedule_description',
] as Array<Exclude<keyof z.infer<typeof heartbeat>, 'forecast'>>;

/** A heartbeat read's configuration, as a version keeps it. */
export function configurationOf(read: Omit<z.infer<typeof heartbeat>, 'forecast'>): Record<string, unknown> {
  return Object.fromEntries(CONFIGURATION_FIELDS.filter((f) => f in read).map((f) => [f, read[f]]));
}

export const versionsQuery = z.object({ project_id: projectId, bot_id: uuid, heartbeat_id: uuid, ...pageQuery });

export const heartbeatVersion = z
  .object({
    version: int,
    change: z.enum(VERSION_CHANGES).openapi({
      description:
        'What made it: created, configured, enabled, disabled, paused_for_bot (the bot’s heartbeat flag turned off), or plan_changed (paused or slowed to fit a new plan, by the operator: no key)',
    }),
    created_at: time.openapi({ description: 'When the change was saved' }),
    via: z.enum(SURFACES).nullable().openapi({ description: 'The surface the change came through' }),
    changed_by: z
      .object({ key_id: id, key_prefix: z.string(), key_name: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The API key that made the change' }),
    configuration: heartbeat
      .pick(
        Object.fromEntries(CONFIGURATION_FIELDS.map((f) => [f, true])) as {
          [K in keyof z.infer<typeof heartbeat>]?: true;
        },
      )
      .partial()
      .openapi({ description: 'The configuration after the change, as a heartbeat read showed it' }),
  })
  .openapi('HeartbeatVersion');
