const SECOND_MS = 1000;

/**
 * Counts one caller's requests per second on this instance: the count of the second that just
 * ended is what the next lease is sized by. A second is counted from the first request in it, so
 * a caller's seconds need no timer; after a whole second without a request the rate reads 0.
 */
export class RequestRate {
  #secondStartedAt: number;
  #thisSecond = 0;
  #lastSecond = 0;

  constructor(now: number) {
    this.#secondStartedAt = now;
  }

  /** Counts a request made at `now`. */
  count(now: number): void {
    this.#roll(now);
    this.#thisSecond += 1;
  }

  /** Requests in the last whole second before the one `now` falls in. */
  lastSecond(now: number): number {
    this.#roll(now);
    return this.#lastSecond;
  }

  #roll(now: number): void {
    const elapsed = now - this.#secondStartedAt;
    if (elapsed < SECOND_MS) return;
    const followsOn = elapsed < 2 * SECOND_MS;
    this.#lastSecond = followsOn ? this.#thisSecond : 0;
    this.#thisSecond = 0;
    this.#secondStartedAt = followsOn ? this.#secondStartedAt + SECOND_MS : now;
  }
}
