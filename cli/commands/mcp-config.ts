/** `mcp-config`: the JSON an MCP client (an assistant) needs to reach this API's MCP server. */
import { InvalidArgumentError, type Command } from 'commander';
import { createHeartbeatClient, unwrap } from '../../client/index.js';
import { readCredentials } from '../credentials.js';
import { globals } from '../session.js';

/** The `mcpServers` entry: a URL and a header for clients that speak HTTP, a bridge for the rest. */
export function mcpServerEntry(url: string, key: string, stdio: boolean) {
  const endpoint = new URL('/mcp', url).toString();
  if (!stdio) return { type: 'http', url: endpoint, headers: { Authorization: `Bearer ${key}` } };
  // mcp-remote carries a stdio client's messages to the HTTP server; the header comes from the
  // environment, as some clients mangle arguments with spaces.
  const args = ['-y', 'mcp-remote', endpoint, '--header', 'Authorization:${HEARTBEAT_AUTHORIZATION}'];
  if (endpoint.startsWith('http:')) args.push('--allow-http');
  return { command: 'npx', args, env: { HEARTBEAT_AUTHORIZATION: `Bearer ${key}` } };
}

export function registerMcpConfig(program: Command) {
  program
    .command('mcp-config')
    .description('print the MCP client configuration for this API and key (give an assistant a scoped key: --key)')
    .option('--name <name>', 'the server name in the configuration', 'heartbeat')
    .option('--stdio', 'for clients that run only local (stdio) servers, such as Claude Desktop: through mcp-remote')
    .action(async (o: { name: string; stdio?: boolean }) => {
      const saved = await readCredentials();
      const url = globals(program).url ?? saved?.url;
      const key = globals(program).key ?? saved?.key;
      if (!url || !key) throw new InvalidArgumentError('give --url and --key, or sign in first (heartbeat login)');
      // Checked before it is handed on; what it grants goes to stderr, so stdout stays the snippet.
      const grant = await unwrap(createHeartbeatClient({ baseUrl: url, apiKey: key }).GET('/v1/key'));
      console.error(
        `# project ${grant.project.name} (${grant.project.id}), key ${grant.key.prefix}…: ${grant.key.access}`,
      );
      const config = { mcpServers: { [o.name]: mcpServerEntry(url, key, Boolean(o.stdio)) } };
      console.log(JSON.stringify(config, null, 2));
    });
}
