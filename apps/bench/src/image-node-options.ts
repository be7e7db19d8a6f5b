/**
 * The `NODE_OPTIONS` the service's image sets (`ENV NODE_OPTIONS=...` in the Dockerfile), so that
 * the bench runs the server with the same V8 flags as production; undefined when it sets none.
 */
export function imageNodeOptions(dockerfile: string): string | undefined {
  const match = /\bNODE_OPTIONS=("([^"]*)"|[^\s\\]+)/.exec(dockerfile);
  if (!match) return undefined;
  return match[2] ?? match[1];
}

/**
 * The flags the image's `CMD ["node", …flags, "dist/main.js"]` gives node: V8 flags that
 * NODE_OPTIONS does not accept (such as `--heap-growing-percent`) are set there, so that the bench
 * runs the server with them too. Empty when the CMD gives none or is not in that form.
 */
export function imageNodeFlags(dockerfile: string): string[] {
  const match = /^CMD\s+\[\s*"node"\s*,(.*)\]\s*$/m.exec(dockerfile);
  if (!match?.[1]) return [];
  const words = [...match[1].matchAll(/"([^"]*)"/g)].map((word) => word[1] ?? '');
  const flags: string[] = [];
  for (const word of words) {
    if (!word.startsWith('-')) break;
    flags.push(word);
  }
  return flags;
}
