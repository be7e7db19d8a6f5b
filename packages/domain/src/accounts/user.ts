import { Email } from './email.js';
import { FullName } from './full-name.js';
import { UserId } from './user-id.js';

/** The persisted shape of a user, trusted as it comes from storage. */
export interface UserSnapshot {
  readonly id: string;
  readonly email: string;
  readonly fullName: string;
  readonly isActive: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Incremented by every change; the basis of optimistic concurrency and ETags. */
  readonly version: number;
}

export interface RegisterUserProps {
  readonly id: UserId;
  readonly email: Email;
  readonly fullName: FullName;
  readonly isActive: boolean;
  readonly registeredAt: Date;
}

/** A person who can sign in. Identity and time are given, never made here. */
export class User {
  private constructor(
    readonly id: UserId,
    readonly email: Email,
    private name: FullName,
    private active: boolean,
    readonly createdAt: Date,
    private updated: Date,
    private currentVersion: number,
  ) {}

  static register(props: RegisterUserProps): User {
    return new User(props.id, props.email, props.fullName, props.isActive, props.registeredAt, props.registeredAt, 1);
  }

  static fromSnapshot(snapshot: UserSnapshot): User {
    return new User(
      UserId.of(snapshot.id),
      Email.restore(snapshot.email),
      FullName.restore(snapshot.fullName),
      snapshot.isActive,
      snapshot.createdAt,
      snapshot.updatedAt,
      snapshot.version,
    );
  }

  get fullName(): FullName {
    return this.name;
  }

  get isActive(): boolean {
    return this.active;
  }

  get updatedAt(): Date {
    return this.updated;
  }

  get version(): number {
    return this.currentVersion;
  }

  /** @returns whether anything changed; an identical name is a no-op and keeps `updatedAt`. */
  rename(fullName: FullName, at: Date): boolean {
    if (this.name.equals(fullName)) return false;
    this.name = fullName;
    this.touch(at);
    return true;
  }

  /**
   * Applies a new name and/or active flag as one change: one new version and update time for
   * both, since they are stored together.
   * @returns whether anything changed; values equal to the current ones are no-ops.
   */
  change(changes: { readonly fullName?: FullName | undefined; readonly isActive?: boolean | undefined }, at: Date): boolean {
    const renamed = changes.fullName !== undefined && !this.name.equals(changes.fullName);
    const activation = changes.isActive !== undefined && changes.isActive !== this.active;
    if (!renamed && !activation) return false;
    if (renamed) this.name = changes.fullName;
    if (activation) this.active = changes.isActive;
    this.touch(at);
    return true;
  }

  /** @returns whether anything changed. */
  activate(at: Date): boolean {
    return this.setActive(true, at);
  }

  /** @returns whether anything changed. */
  deactivate(at: Date): boolean {
    return this.setActive(false, at);
  }

  toSnapshot(): UserSnapshot {
    return {
      id: this.id.value,
      email: this.email.value,
      fullName: this.name.value,
      isActive: this.active,
      createdAt: this.createdAt,
      updatedAt: this.updated,
      version: this.currentVersion,
    };
  }

  private setActive(active: boolean, at: Date): boolean {
    if (this.active === active) return false;
    this.active = active;
    this.touch(at);
    return true;
  }

  private touch(at: Date): void {
    this.updated = at;
    this.currentVersion += 1;
  }
}
