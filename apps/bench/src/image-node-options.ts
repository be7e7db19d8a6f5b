/**
 * The `NODE_OPTIONS` the service's image sets (`ENV NODE_OPTIONS=...` in the Dockerfile), so that
 * the bench runs the server with the same V8 flags as production; undefined when it sets none.
 */
export function imageNodeOptions(dockerfile: string): string | undefined {
  const match = /\bNODE_OPTIONS=("([^"]*)"|[^\s\\]+)/.exec(dockerfile);
  if (!match) return undefined;
  return match[2] ?? match[1];
}
