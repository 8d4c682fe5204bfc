/** Picks the chat provider the configuration names (the local one, or an OpenAI-compatible endpoint). */
import type { Config } from '../../config.js';
import { LocalProvider } from './local.js';
import type { ChatProvider } from './provider.js';

/**
 * The configured provider. A configured real provider is never replaced by the local one. The
 * OpenAI client is loaded only when it is the provider: a worker on the local one does without it.
 */
export async function createProvider(agent: Config['agent']): Promise<ChatProvider> {
  if (agent.provider === 'openai') {
    const { OpenAIProvider } = await import('./openai.js');
    return new OpenAIProvider({ baseURL: agent.openaiBaseUrl, apiKey: agent.openaiApiKey });
  }
  return new LocalProvider();
}
