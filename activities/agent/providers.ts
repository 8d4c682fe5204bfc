import type { Config } from '../../config.js';
import { LocalProvider } from './local.js';
import type { ChatProvider } from './provider.js';

/** The configured provider. A configured real provider is never replaced by the local one. */
export function createProvider(agent: Config['agent']): ChatProvider {
  if (agent.provider === 'local') return new LocalProvider();
  throw new Error(
    `AGENT_PROVIDER=${agent.provider} is not available in this build; unset it to use the local provider.`,
  );
}
