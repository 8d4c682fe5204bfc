/**
 * Untrusted text (model answers, tool arguments, MCP answers, provider errors) made storable:
 * PostgreSQL refuses the NUL character in text and in JSON, so it is dropped, and each kind of
 * text is bounded in length before it reaches a row.
 */

/** Longest text kept, in characters, by what it is. */
export const TEXT_LIMITS = {
  response: 100_000,
  error_message: 4_000,
  notification_title: 500,
  notification_body: 20_000,
  tool_name: 200,
  summary: 2_000,
  precheck_context: 20_000,
  precheck_note: 500,
} as const;

const NUL = /\u0000/g;

/** `text` without NUL characters, cut to `max` characters (the cut says so). */
export function storableText(text: string, max: number): string {
  const clean = text.replace(NUL, '');
  if (clean.length <= max) return clean;
  const marker = ' […cut]';
  return clean.slice(0, Math.max(0, max - marker.length)) + marker;
}

/** The same for a value that may be absent. */
export function storableOrNull(text: string | null | undefined, max: number): string | null {
  return text === null || text === undefined ? null : storableText(text, max);
}
