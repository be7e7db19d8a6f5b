import type { IdGenerator } from '../ports/id-generator.js';

/** Predictable UUIDs: 00000000-0000-4000-8000-000000000001, …0002, … */
export class SequentialIdGenerator implements IdGenerator {
  #counter = 0;

  next(): string {
    this.#counter += 1;
    return `00000000-0000-4000-8000-${this.#counter.toString(16).padStart(12, '0')}`;
  }
}
