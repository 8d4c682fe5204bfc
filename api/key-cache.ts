/**
 * What an API key grants (its project and plan), remembered per API process so a request costs
 * one database round trip fewer. Correct only while changes are heard: the cache is used only
 * while its listener is connected (db/queries/api-keys.ts), and emptied whenever a key, a
 * project's plan or a plan changes, or the listener reconnects.
 */
import { createHash } from 'node:crypto';
import type { KeyOwner } from '../db/queries/api-keys.js';

export interface KeyCache {
  lookup(key: string, load: () => Promise<KeyOwner | undefined>): Promise<KeyOwner | undefined>;
  clear(): void;
}

export function createKeyCache(opts: { active: () => boolean; ttlMs?: number; maxEntries?: number }): KeyCache {
  const ttl = opts.ttlMs ?? 60_000;
  const max = opts.maxEntries ?? 10_000;
  const entries = new Map<string, { owner: KeyOwner; until: number }>();
  let generation = 0;
  return {
    async lookup(key, load) {
      if (!opts.active()) return load();
      const id = createHash('sha256').update(key).digest('hex');
      const hit = entries.get(id);
      if (hit && hit.until > Date.now()) return hit.owner;
      const seen = generation;
      const owner = await load();
      // Unknown keys are not remembered (a flood of random keys cannot fill the cache), nor a
      // result read while a change was announced.
      if (owner && seen === generation) {
        if (entries.size >= max) entries.delete(entries.keys().next().value!);
        entries.set(id, { owner, until: Date.now() + ttl });
      }
      return owner;
    },
    clear() {
      generation++;
      entries.clear();
    },
  };
}
