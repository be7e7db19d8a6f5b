/**
 * An embedding as the text of a PostgreSQL array, `{0.12,-0.5,…}`: what pg would send for the array,
 * without its per-element quoting and escaping (two regular expressions and four strings for each of
 * hundreds of numbers, about 100 KB per statement). Numbers need neither; PostgreSQL reads both the same.
 */
export function embeddingParameter(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}
