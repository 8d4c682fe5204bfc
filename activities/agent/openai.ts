/**
 * The chat provider for any OpenAI-compatible endpoint, on the official client, with permanent
 * failures told apart.
 */
import OpenAI from 'openai';
import { PermanentProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './provider.js';

/** Statuses no retry can fix: a bad key, no access, an unknown model, a request it cannot take. */
const PERMANENT = new Set([400, 401, 403, 404, 422]);

/**
 * Any OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, vLLM, LM Studio…), through
 * the official client. The client retries timeouts, 408/409/429 and 5xx with exponential
 * backoff (`maxRetries`); permanent failures surface at once as PermanentProviderError.
 */
export class OpenAIProvider implements ChatProvider {
  readonly name = 'openai';
  private readonly client: OpenAI;

  constructor(opts: { baseURL?: string; apiKey?: string; timeoutMs?: number; maxRetries?: number }) {
    this.client = new OpenAI({
      baseURL: opts.baseURL,
      // Local servers (Ollama, vLLM) take any key; the client insists on one being set.
      apiKey: opts.apiKey ?? 'unused',
      timeout: opts.timeoutMs ?? 60_000,
      maxRetries: opts.maxRetries ?? 3,
    });
  }

  async chat(request: ChatRequest): Promise<ChatResponse> {
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: request.model,
          messages: request.messages.map((m) =>
            m.role === 'assistant'
              ? {
                  role: 'assistant' as const,
                  content: m.content,
                  ...(m.tool_calls?.length && {
                    tool_calls: m.tool_calls.map((c) => ({
                      id: c.id,
                      type: 'function' as const,
                      function: { name: c.name, arguments: c.arguments },
                    })),
                  }),
                }
              : m,
          ),
          ...(request.tools.length > 0 && {
            tools: request.tools.map((t) => ({
              type: 'function' as const,
              function: { name: t.name, description: t.description, parameters: t.parameters },
            })),
          }),
        },
        { signal: request.signal },
      );
      const message = completion.choices[0]?.message;
      if (!message) throw new Error('the provider answered without a message');
      return {
        content: message.content ?? null,
        tool_calls: (message.tool_calls ?? []).flatMap((c) =>
          c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
        ),
        usage: {
          prompt_tokens: completion.usage?.prompt_tokens ?? 0,
          completion_tokens: completion.usage?.completion_tokens ?? 0,
          total_tokens: completion.usage?.total_tokens ?? 0,
        },
      };
    } catch (err) {
      if (err instanceof OpenAI.APIError && err.status !== undefined && PERMANENT.has(err.status)) {
        throw new PermanentProviderError(`HTTP ${err.status}: ${err.message}`);
      }
      throw err;
    }
  }
}
