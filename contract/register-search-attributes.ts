/** Registers the heartbeat search attributes on a namespace that lacks them. */
import type { Connection } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import proto from '@temporalio/proto';
import { heartbeatSearchAttributes } from './search-attributes.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;
const INDEXED_TYPE = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
} as const;

/**
 * Registers the heartbeat search attributes on a namespace that lacks them (an external
 * cluster, the Temporal server of `TEMPORAL_MODE=server`, the time-skipping test server). The dev
 * server gets them as start-up flags. Says whether it added any.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<boolean> {
  const known = new Set<string>();
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    for (const name of Object.keys(existing.customAttributes ?? {})) known.add(name);
  } catch (err) {
    // The Java time-skipping server can add search attributes but not list them.
    if ((err as { code?: number }).code !== status.UNIMPLEMENTED) throw err;
  }
  const missing = heartbeatSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return false;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]])),
  });
  return true;
}
