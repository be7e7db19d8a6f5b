/**
 * The paths (`items.0.full_name`) where two JSON values differ, never the values themselves (they
 * may be personal data). Objects are compared key by key, arrays index by index (a missing element
 * is its index); a path matching an `ignored` pattern, or below one, is left out. Patterns are
 * dot-separated, `*` standing for any one segment: `updated_at`, `items.*.updated_at`.
 */
export function jsonDifferences(ours: unknown, theirs: unknown, ignored: readonly string[] = []): string[] {
  const patterns = ignored.map((pattern) => pattern.split('.'));
  const isIgnored = (path: readonly string[]): boolean =>
    patterns.some((pattern) => pattern.length <= path.length && pattern.every((segment, i) => segment === '*' || segment === path[i]));
  const differences: string[] = [];
  const walk = (a: unknown, b: unknown, path: string[]): void => {
    if (isIgnored(path)) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i += 1) walk(a[i], b[i], [...path, String(i)]);
      return;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (!Object.is(a, b)) differences.push(path.length === 0 ? '(body)' : path.join('.'));
  };
  walk(ours, theirs, []);
  return differences;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
