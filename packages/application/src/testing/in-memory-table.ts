/**
 * The rows of an in-memory repository, by key, with what InMemoryUnitOfWork needs of it: an
 * independent copy for a unit of work to change, and taking over that copy when it commits.
 * A subclass must have a constructor without parameters: `copy` makes an empty one of its kind.
 */
export abstract class InMemoryTable<Row> {
  protected readonly rows = new Map<string, Row>();

  /** An independent copy, for a unit of work to change and then commit or discard. */
  copy(): this {
    const copy = new (this.constructor as new () => this)();
    for (const [key, row] of this.rows) copy.rows.set(key, row);
    return copy;
  }

  /** Takes over the contents of `other` (a committed copy). */
  replaceWith(other: this): void {
    this.rows.clear();
    for (const [key, row] of other.rows) this.rows.set(key, row);
  }

  /** Every stored row, in insertion order: for assertions. */
  get saved(): readonly Row[] {
    return [...this.rows.values()];
  }
}
