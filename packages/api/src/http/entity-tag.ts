/** A strong entity tag from a resource's version: `"3"`. */
export function entityTag(version: number): string {
  return `"${version}"`;
}
