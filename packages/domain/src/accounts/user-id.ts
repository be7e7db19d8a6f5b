import { InvalidUserIdError } from './invalid-user-id-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Identity of a user: a UUID in canonical lower-case form. */
export class UserId {
  private constructor(readonly value: string) {}

  /** @throws InvalidUserIdError when `raw` is not a UUID. */
  static of(raw: string): UserId {
    if (!UUID.test(raw)) throw new InvalidUserIdError();
    return new UserId(raw.toLowerCase());
  }

  equals(other: UserId): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
