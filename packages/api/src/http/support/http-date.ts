const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = MONTHS.join('|');
const DAY = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const DAY_NAME = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

// RFC 9110 §5.6.7: the preferred IMF-fixdate and the two obsolete forms a recipient must accept.
const IMF_FIXDATE = new RegExp(`^(?:${DAY}), (\\d{2}) (${MONTH}) (\\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(`^(?:${DAY_NAME}), (\\d{2})-(${MONTH})-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^(?:${DAY}) (${MONTH}) ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

/**
 * An HTTP-date (RFC 9110 §5.6.7) as milliseconds since the epoch, or `undefined` when the value
 * is absent or not one: only the three forms of the RFC, in GMT, naming a real calendar instant
 * (no leap second). A two-digit year of the obsolete RFC 850 form more than 50 years ahead of
 * `now` is taken in the past century, as the RFC asks.
 */
export function parseHttpDate(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let parts: { day: string; month: string; year: number; hour: string; minute: string; second: string } | undefined;
  let match = IMF_FIXDATE.exec(text);
  if (match !== null) {
    const [, day = '', month = '', year = '', hour = '', minute = '', second = ''] = match;
    parts = { day, month, year: Number(year), hour, minute, second };
  } else if ((match = RFC_850.exec(text)) !== null) {
    const [, day = '', month = '', year = '', hour = '', minute = '', second = ''] = match;
    const century = Math.floor(now.getUTCFullYear() / 100) * 100;
    let fullYear = century + Number(year);
    if (fullYear > now.getUTCFullYear() + 50) fullYear -= 100;
    parts = { day, month, year: fullYear, hour, minute, second };
  } else if ((match = ASCTIME.exec(text)) !== null) {
    const [, month = '', day = '', hour = '', minute = '', second = '', year = ''] = match;
    parts = { day: day.trim(), month, year: Number(year), hour, minute, second };
  }
  if (parts === undefined) return undefined;
  const fields = [
    parts.year,
    MONTHS.indexOf(parts.month),
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  ];
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  const instant = new Date(Date.UTC(year, month, day, hour, minute, second));
  // Date.UTC rolls over (31 Feb is 3 Mar, 24:00 is the next day): such a date names no real instant.
  const exact =
    instant.getUTCFullYear() === year &&
    instant.getUTCMonth() === month &&
    instant.getUTCDate() === day &&
    instant.getUTCHours() === hour &&
    instant.getUTCMinutes() === minute &&
    instant.getUTCSeconds() === second;
  return exact ? instant.getTime() : undefined;
}
