import type { Clock } from '../ports/clock.js';

/** A clock that reads `at` until moved with `advance`. */
export class FixedClock implements Clock {
  #now: Date;

  constructor(at: Date | string = '2026-01-01T00:00:00.000Z') {
    this.#now = new Date(at);
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(milliseconds: number): void {
    this.#now = new Date(this.#now.getTime() + milliseconds);
  }
}
