import { InvalidCaptureFieldError } from './errors/invalid-capture-field-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The identity of a capture resource (an artifact, signal or subspace) or of the user it belongs
 * to: a UUID in canonical lower-case form. The user is an accounts user referred to by id only;
 * capture never imports accounts code. `kind` keeps ids of different things from being mixed up
 * by the compiler.
 */
export class CaptureId<Kind extends string> {
  private constructor(
    readonly kind: Kind,
    readonly value: string,
  ) {}

  /** @throws InvalidCaptureFieldError (`INVALID_ID`) naming `path` when `raw` is not a UUID. */
  static of<Kind extends string>(kind: Kind, raw: string, path: string): CaptureId<Kind> {
    if (!UUID.test(raw)) throw new InvalidCaptureFieldError('INVALID_ID', path, 'must be a UUID');
    return new CaptureId(kind, raw.toLowerCase());
  }

  equals(other: CaptureId<Kind>): boolean {
    return this.value === other.value;
  }

  toString(): string {
    return this.value;
  }
}

export type ArtifactId = CaptureId<'artifact'>;
export type SignalId = CaptureId<'signal'>;
export type SubspaceId = CaptureId<'subspace'>;
/** An accounts user, by id only. */
export type OwnerId = CaptureId<'user'>;

export const ArtifactId = { of: (raw: string, path = 'artifact_id'): ArtifactId => CaptureId.of('artifact', raw, path) };
export const SignalId = { of: (raw: string, path = 'signal_id'): SignalId => CaptureId.of('signal', raw, path) };
export const SubspaceId = { of: (raw: string, path = 'subspace_id'): SubspaceId => CaptureId.of('subspace', raw, path) };
export const OwnerId = { of: (raw: string, path = 'user_id'): OwnerId => CaptureId.of('user', raw, path) };
