import { InvalidEmailError } from './invalid-email-error.js';

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
// Deliberately simple: one @, no whitespace or control characters, a dotted domain whose labels
// do not start or end with a hyphen. Deliverability is proved by sending mail, not by a regex.
const LOCAL_PART = /^[^\s@"(),:;<>[\\\]\p{Cc}]+$/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/** An e-mail address, trimmed and lower-cased: two addresses differing only in case are equal. */
export class Email {
  private constructor(readonly value: string) {}

  /** @throws InvalidEmailError when `raw` is not a plausible address. */
  static of(raw: string): Email {
    const value = raw.trim().toLowerCase();
    if (value.length === 0) throw new InvalidEmailError('must not be empty');
    if (value.length > MAX_LENGTH) throw new InvalidEmailError(`must be at most ${MAX_LENGTH} characters`);
    const at = value.lastIndexOf('@');
    const local = value.slice(0, at);
    const domain = value.slice(at + 1);
    if (at <= 0 || local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) {
      throw new InvalidEmailError('must look like name@example.com');
    }
    const labels = domain.split('.');
    if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) {
      throw new InvalidEmailError('must have a domain like example.com');
    }
    return new Email(value);
  }

  /** The address with most of the local part hidden, for logs: `j***@example.com`. */
  masked(): string {
    const at = this.value.lastIndexOf('@');
    return `${this.value.slice(0, 1)}***${this.value.slice(at)}`;
  }

  equals(other: Email): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}
