/**
 * What an API key grants (its project and plan), remembered per API process so a request costs
 * one database round trip fewer. Correct only while changes are heard: known keys are used only
 * while the listener is connected (db/queries/api-keys.ts), and everything is forgotten whenever a
 * key, a project's plan or a plan changes, or the listener reconnects. Unknown keys are
 * remembered as unknown (a key is random, so one unknown now stays unknown) and each client may
 * try only so many of them a minute, so a flood of made-up keys costs the database one query per
 * key per interval, and a bounded number of those.
 */
import { createHash } from 'node:crypto';
import type { KeyOwner } from '../db/queries/api-keys.js';

export interface KeyCache {
  /**
   * What `key` grants, from memory or `load`. `source` names the client (its address): one that
   * has tried too many unknown keys gets `{ retryAfterSeconds }` instead of a lookup.
   */
  lookup(
    key: string,
    load: () => Promise<KeyOwner | undefined>,
    source?: string,
  ): Promise<KeyOwner | undefined | { retryAfterSeconds: number }>;
  clear(): void;
}

export interface KeyCacheOptions {
  /** Whether changes are heard now: known keys are remembered only then. */
  active: () => boolean;
  ttlMs?: number;
  maxEntries?: number;
  /** Unknown keys one client may try per minute before it must wait (default 60). */
  unknownPerMinute?: number;
}

const MINUTE = 60_000;

/** A map that forgets its oldest entry when full, and each entry after its time. */
function boundedMap<V extends { until: number }>(max: number) {
  const entries = new Map<string, V>();
  return {
    get(id: string, now: number): V | undefined {
      const hit = entries.get(id);
      if (hit && hit.until <= now) entries.delete(id);
      return hit && hit.until > now ? hit : undefined;
    },
    set(id: string, value: V) {
      entries.delete(id);
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(id, value);
    },
    clear: () => entries.clear(),
  };
}

export function createKeyCache(opts: KeyCacheOptions): KeyCache {
  const ttl = opts.ttlMs ?? MINUTE;
  const max = opts.maxEntries ?? 10_000;
  const perMinute = opts.unknownPerMinute ?? 60;
  const known = boundedMap<{ owner: KeyOwner; until: number }>(max);
  const unknown = boundedMap<{ until: number }>(max);
  const tries = boundedMap<{ count: number; until: number }>(max);
  let generation = 0;
  return {
    async lookup(key, load, source = 'unknown') {
      const now = Date.now();
      const id = createHash('sha256').update(key).digest('hex');
      if (unknown.get(id, now)) return undefined;
      const hit = opts.active() ? known.get(id, now) : undefined;
      if (hit) return hit.owner;
      const tried = tries.get(source, now);
      if (tried && tried.count >= perMinute) return { retryAfterSeconds: Math.ceil((tried.until - now) / 1000) };
      const seen = generation;
      const owner = await load();
      // A result read while a change was announced is not remembered.
      if (seen !== generation) return owner;
      if (!owner) {
        unknown.set(id, { until: now + ttl });
        if (tried) tried.count++;
        else tries.set(source, { count: 1, until: now + MINUTE });
      } else if (opts.active()) {
        known.set(id, { owner, until: now + ttl });
      }
      return owner;
    },
    clear() {
      generation++;
      known.clear();
      unknown.clear();
    },
  };
}
