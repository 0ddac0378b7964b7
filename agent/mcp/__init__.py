"""MCP both ways: `server` exposes our tools to MCP clients (Claude Code, IDEs); `client` brings the tools of
configured MCP servers (kubectl-ai --mcp-server, k8sgpt serve --mcp, kagent, docker ai mcpserver) into the agent."""
