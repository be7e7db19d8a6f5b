/** Makes identifiers for new entities. Returns a UUID in canonical lower-case form. */
export interface IdGenerator {
  next(): string;
}
