/** The local chat provider: deterministic answers without a model, for development and demos. */
import type { ChatMessage, ChatProvider, ChatRequest, ChatResponse } from './provider.js';

/**
 * The offline default provider, for development and demos when no real model is configured.
 * Deterministic: the same conversation gives the same answer, and every answer says it comes
 * from the local provider. Token counts are computed from the text (about four characters a
 * token, the usual rule of thumb for English), not invented.
 */
export class LocalProvider implements ChatProvider {
  readonly name = 'local';

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const prompt = lastUserMessage(request.messages);
    const content =
      `[local provider: no model was called] Received the prompt "${truncate(prompt, 200)}" ` +
      `for model ${request.model}; ${request.tools.length} tool(s) were available. ` +
      'Configure AGENT_PROVIDER=openai to run a real model.';
    const promptTokens = request.messages.reduce((sum, m) => sum + countTokens(textOf(m)), 0);
    const completionTokens = countTokens(content);
    return {
      content,
      tool_calls: [],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    };
  }
}

export function countTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

function textOf(message: ChatMessage): string {
  return message.content ?? '';
}

function lastUserMessage(messages: ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'user') return m.content;
  }
  return '';
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
