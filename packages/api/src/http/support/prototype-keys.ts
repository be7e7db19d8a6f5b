/** Keys that can reach an object's prototype when a parsed value is merged or assigned. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The dot-separated path of the first key named `__proto__`, `constructor` or `prototype` at any
 * depth of a parsed JSON value, or `undefined` when there is none. Iterative, so that a deeply
 * nested body cannot exhaust the stack.
 */
export function findPrototypeKey(value: unknown): string | undefined {
  const pending: Array<{ readonly value: unknown; readonly path: string }> = [{ value, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    for (const key of Object.keys(next.value)) {
      const path = next.path === '' ? key : `${next.path}.${key}`;
      if (PROTOTYPE_KEYS.has(key)) return path;
      pending.push({ value: (next.value as Record<string, unknown>)[key], path });
    }
  }
  return undefined;
}
