/** What a run reports: HEARTBEAT_OK as nothing to report, and which notifications notify_policy holds back. */
import { describe, expect, it } from 'vitest';
import { notificationsHeld, quietAnswer } from '../../domain/outcome.js';

describe('HEARTBEAT_OK', () => {
  it('a final answer starting with the token is quiet: the rest, without the token and its punctuation', () => {
    expect(quietAnswer('HEARTBEAT_OK')).toBe('');
    expect(quietAnswer('  HEARTBEAT_OK\n')).toBe('');
    expect(quietAnswer('HEARTBEAT_OK — inbox empty')).toBe('inbox empty');
    expect(quietAnswer('HEARTBEAT_OK: nothing new.')).toBe('nothing new.');
  });

  it('any other answer is not, the token elsewhere included', () => {
    expect(quietAnswer('All good. HEARTBEAT_OK')).toBeUndefined();
    expect(quietAnswer('heartbeat_ok')).toBeUndefined();
    expect(quietAnswer('')).toBeUndefined();
    expect(quietAnswer(null)).toBeUndefined();
  });
});

describe('notify_policy', () => {
  it('unless_quiet (the default) holds back only a nothing_to_report run', () => {
    for (const policy of [undefined, 'unless_quiet'] as const) {
      expect(notificationsHeld(policy, 'nothing_to_report')).toBe(true);
      expect(notificationsHeld(policy, 'progress')).toBe(false);
      expect(notificationsHeld(policy, 'needs_attention')).toBe(false);
      // A run that reports nothing is delivered, as every run was before outcomes.
      expect(notificationsHeld(policy, null)).toBe(false);
    }
  });

  it('needs_attention sends only those runs; always sends every run', () => {
    expect(
      ['nothing_to_report', 'progress', null].map((o) => notificationsHeld('needs_attention', o as never)),
    ).toEqual([true, true, true]);
    expect(notificationsHeld('needs_attention', 'needs_attention')).toBe(false);
    expect(notificationsHeld('always', 'nothing_to_report')).toBe(false);
  });
});
