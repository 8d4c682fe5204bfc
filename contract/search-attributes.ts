/** The heartbeat search attributes, for finding heartbeats in the Temporal Web UI. */
import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Custom search attributes, so heartbeats can be found and filtered in the Temporal Web UI
 * (e.g. `HeartbeatProjectId = "…" AND HeartbeatEnabled = true`). Registered by the start
 * command and the tests before any workflow uses them.
 */
export const projectIdKey = defineSearchAttributeKey('HeartbeatProjectId', 'KEYWORD');
export const botIdKey = defineSearchAttributeKey('HeartbeatBotId', 'KEYWORD');
export const memberIdKey = defineSearchAttributeKey('HeartbeatMemberId', 'KEYWORD');
export const enabledKey = defineSearchAttributeKey('HeartbeatEnabled', 'BOOL');
export const nextRunKey = defineSearchAttributeKey('HeartbeatNextRunAt', 'DATETIME');

export const heartbeatSearchAttributes = [projectIdKey, botIdKey, memberIdKey, enabledKey, nextRunKey] as const;
