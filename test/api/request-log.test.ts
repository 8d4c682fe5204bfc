/** Which requests the request log keeps at the default level. */
import { describe, expect, it } from 'vitest';
import { requestLevel } from '../../api/serve.js';

const line = (method: string, status: number, duration_ms = 2) => ({
  method,
  route: '/v1/bot/heartbeat/read',
  status,
  duration_ms,
  request_id: 'r',
  via: 'api' as const,
});

describe('the request log at the default level', () => {
  it('keeps every change, refusal and error, and slow reads; plain reads are debug lines', () => {
    expect(requestLevel(line('GET', 200))).toBe('debug');
    expect(requestLevel(line('HEAD', 200))).toBe('debug');
    expect(requestLevel(line('GET', 200, 1500))).toBe('info');
    expect(requestLevel(line('GET', 404))).toBe('info');
    expect(requestLevel(line('GET', 503))).toBe('info');
    expect(requestLevel(line('POST', 200))).toBe('info');
    expect(requestLevel(line('DELETE', 200))).toBe('info');
  });

  it('keeps MCP calls that change something or are refused; reads through MCP are debug lines', () => {
    const mcp = (call: string, mcp_error?: string) => ({
      ...line('POST', 200),
      route: '/mcp',
      via: 'mcp' as const,
      mcp: call,
      ...(mcp_error && { mcp_error }),
    });
    expect(requestLevel(mcp('tools/call configure_heartbeat'))).toBe('info');
    expect(requestLevel(mcp('tools/call delete_heartbeat'))).toBe('info');
    expect(requestLevel(mcp('tools/call get_heartbeat', 'heartbeat_not_found'))).toBe('info');
    expect(requestLevel(mcp('tools/call get_heartbeat'))).toBe('debug');
    expect(requestLevel(mcp('tools/list'))).toBe('debug');
    expect(requestLevel(mcp('resources/read'))).toBe('debug');
  });
});
