import { InvalidEmailError } from './invalid-email-error.js';

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
// Deliberately simple: one @, no whitespace or control characters, a dot-atom local part (no
// leading, trailing or doubled dot), a dotted domain whose labels do not start or end with a
// hyphen. Deliverability is proved by sending mail, not by a regex.
const LOCAL_PART = /^[^\s@"(),:;<>[\\\]\p{Cc}]+$/u;
const DOMAIN_LABEL = /^(?!-)[\p{L}\p{M}\p{N}-]{1,63}(?<!-)$/u;
/** A domain after IDNA processing: letters, digits and hyphens, in dotted labels (A-labels `xn--…`). */
const ASCII_DOMAIN = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;
/**
 * Code points that do not show, or that reorder what does: an address holding one looks like
 * another address (decision 0113).
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;

/** The WHATWG URL parser, a global of every JavaScript runtime this runs on (not in the ES library types). */
declare const URL: new (input: string) => { readonly hostname: string };

/**
 * An e-mail address: trimmed, lower-cased and in Unicode normalisation form C, so that two
 * addresses differing only in case or in how an accent is encoded are equal. Its domain's ASCII
 * form (IDN A-labels, `xn--…`) is {@link asciiDomain}: a domain written in Unicode and the same
 * domain in punycode are one domain. Refuses invisible and direction-control characters.
 * Look-alike addresses (Cyrillic for Latin letters…) are valid and distinct here; the store
 * refuses the second of two that look the same.
 */
export class Email {
  private constructor(
    readonly value: string,
    /** The domain in ASCII (A-labels), as IDNA (UTS #46) processing gives it. */
    readonly asciiDomain: string,
  ) {}

  /** @throws InvalidEmailError when `raw` is not a plausible address. */
  static of(raw: string): Email {
    const value = raw.trim().normalize('NFC').toLowerCase().normalize('NFC');
    if (value.length === 0) throw new InvalidEmailError('must not be empty');
    if (value.length > MAX_LENGTH) throw new InvalidEmailError(`must be at most ${MAX_LENGTH} characters`);
    if (INVISIBLE.test(value)) throw new InvalidEmailError('must not contain invisible or direction-control characters');
    const at = value.lastIndexOf('@');
    const local = value.slice(0, at);
    const domain = value.slice(at + 1);
    if (at <= 0 || local.length > MAX_LOCAL_LENGTH || !LOCAL_PART.test(local)) {
      throw new InvalidEmailError('must look like name@example.com');
    }
    if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
      throw new InvalidEmailError('must not start or end its name with a dot, nor have two dots in a row');
    }
    const labels = domain.split('.');
    const asciiDomain = labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) ? toAscii(domain) : undefined;
    if (asciiDomain === undefined) throw new InvalidEmailError('must have a domain like example.com');
    return new Email(value, asciiDomain);
  }

  /**
   * An address that was valid when it was stored, without the checks of {@link of}: rules added
   * since (decision 0113) refuse new addresses but must not make stored users unreadable.
   */
  static restore(stored: string): Email {
    const domain = stored.slice(stored.lastIndexOf('@') + 1);
    return new Email(stored, toAscii(domain) ?? domain);
  }

  /** The address with most of the local part hidden, for logs: `j***@example.com`. */
  masked(): string {
    const at = this.value.lastIndexOf('@');
    return `${this.value.slice(0, 1)}***${this.value.slice(at)}`;
  }

  /** The part before the `@`. */
  get localPart(): string {
    return this.value.slice(0, this.value.lastIndexOf('@'));
  }

  equals(other: Email): boolean {
    return this.localPart === other.localPart && this.asciiDomain === other.asciiDomain;
  }

  toString(): string {
    return this.value;
  }
}

/**
 * The domain's ASCII form by IDNA processing (UTS #46, as the WHATWG URL parser applies it to a
 * host), or `undefined` when it has none or it is not a dotted name (an IP address, a name the
 * processing refuses).
 */
function toAscii(domain: string): string | undefined {
  let host: string;
  try {
    host = new URL(`http://${domain}/`).hostname;
  } catch {
    return undefined;
  }
  return ASCII_DOMAIN.test(host) && !/^[\d.]+$/.test(host) ? host : undefined;
}
