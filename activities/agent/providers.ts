import type { Config } from '../../config.js';
import { LocalProvider } from './local.js';
import { OpenAIProvider } from './openai.js';
import type { ChatProvider } from './provider.js';

/** The configured provider. A configured real provider is never replaced by the local one. */
export function createProvider(agent: Config['agent']): ChatProvider {
  if (agent.provider === 'openai')
    return new OpenAIProvider({ baseURL: agent.openaiBaseUrl, apiKey: agent.openaiApiKey });
  return new LocalProvider();
}
