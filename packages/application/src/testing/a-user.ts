import { Email, FullName, User, UserId } from '@proj/domain';

let counter = 0;

export interface UserOverrides {
  readonly id?: string;
  readonly email?: string;
  readonly fullName?: string;
  readonly isActive?: boolean;
  readonly registeredAt?: Date;
}

/** A freshly registered user with unique defaults; override only what a test is about. */
export function aUser(overrides: UserOverrides = {}): User {
  counter += 1;
  const suffix = counter.toString(16).padStart(12, '0');
  return User.register({
    id: UserId.of(overrides.id ?? `10000000-0000-4000-8000-${suffix}`),
    email: Email.of(overrides.email ?? `user-${suffix}@example.com`),
    fullName: FullName.of(overrides.fullName ?? `User ${suffix}`),
    isActive: overrides.isActive ?? true,
    registeredAt: overrides.registeredAt ?? new Date('2026-01-01T00:00:00.000Z'),
  });
}
