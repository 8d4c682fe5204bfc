/** A model provider whose answers can be held back: a run stays in flight until the test lets it go. */
import { LocalProvider } from '../../activities/agent/local.js';
import type { ChatProvider } from '../../activities/agent/provider.js';

export function gatedProvider() {
  let gate: Promise<void> | undefined;
  let calls = 0;
  const local = new LocalProvider();
  const provider: ChatProvider = {
    name: 'gated',
    chat: async (request) => {
      calls++;
      await gate;
      return local.chat(request);
    },
  };
  return {
    provider,
    /** Model calls so far. */
    calls: () => calls,
    /** Holds every answer from now on; the function returned lets them go. */
    hold(): () => void {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        release();
        gate = undefined;
      };
    },
  };
}
