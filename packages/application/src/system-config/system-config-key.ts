/**
 * A typed key of the system configuration: its stored name, the value used when it is not set (or
 * set to something invalid), and the rule that turns a stored value into a typed one.
 */
export interface SystemConfigKey<T> {
  /** The key in the store: lower case, digits, `_` and `.` (`capture.assignment_min_margin`). */
  readonly name: string;
  readonly defaultValue: T;
  /** Human-readable rule, for the log line when a stored value breaks it. */
  readonly rule: string;
  /** The typed value, or `undefined` when `raw` breaks the rule. */
  parse(raw: unknown): T | undefined;
}

/**
 * A number key: a JSON number or a numeric string, within `[min, max]`, and whole when `integer`.
 */
export function numberKey(
  name: string,
  options: { readonly defaultValue: number; readonly min: number; readonly max: number; readonly integer?: boolean },
): SystemConfigKey<number> {
  const { defaultValue, min, max, integer = false } = options;
  return Object.freeze({
    name,
    defaultValue,
    rule: `${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`,
    parse(raw: unknown): number | undefined {
      const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) return undefined;
      if (integer && !Number.isInteger(value)) return undefined;
      return value;
    },
  });
}
