import type { UserRepository } from '@proj/application';
import { Email, FullName, User, UserAlreadyExistsError, UserId } from '@proj/domain';

interface DemoUser {
  readonly email: string;
  readonly fullName: string;
  readonly isActive: boolean;
}

// More than one default page (20), so that pagination shows; a few inactive ones for filters.
const DEMO_USERS: readonly DemoUser[] = (
  [
    ['ada@example.com', 'Ada Lovelace'],
    ['alan@example.com', 'Alan Turing'],
    ['grace@example.com', 'Grace Hopper'],
    ['edsger@example.com', 'Edsger Dijkstra'],
    ['barbara@example.com', 'Barbara Liskov'],
    ['donald@example.com', 'Donald Knuth'],
    ['margaret@example.com', 'Margaret Hamilton'],
    ['tony@example.com', 'Tony Hoare'],
    ['frances@example.com', 'Frances Allen'],
    ['john@example.com', 'John McCarthy'],
    ['radia@example.com', 'Radia Perlman'],
    ['ken@example.com', 'Ken Thompson'],
    ['dennis@example.com', 'Dennis Ritchie'],
    ['shafi@example.com', 'Shafi Goldwasser'],
    ['leslie@example.com', 'Leslie Lamport'],
    ['hedy@example.com', 'Hedy Lamarr'],
    ['niklaus@example.com', 'Niklaus Wirth'],
    ['katherine@example.com', 'Katherine Johnson'],
    ['claude@example.com', 'Claude Shannon'],
    ['sophie@example.com', 'Sophie Wilson'],
    ['bjarne@example.com', 'Bjarne Stroustrup'],
    ['adele@example.com', 'Adele Goldberg'],
    ['guido@example.com', 'Guido van Rossum'],
    ['annie@example.com', 'Annie Easley'],
    ['jim@example.com', 'Jim Gray'],
  ] as const
).map(([email, fullName], index) => ({ email, fullName, isActive: index % 7 !== 6 }));

// Fixed identities and times, so every run (and every machine) seeds the same users.
const FIRST_CREATED_AT = Date.UTC(2026, 0, 1, 9, 0, 0);

/** A UUIDv7 of `createdAt` whose random bits are the demo user's position: stable across runs. */
function demoUserId(createdAt: number, index: number): string {
  const time = createdAt.toString(16).padStart(12, '0');
  const tail = index.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7000-8000-${tail}`;
}

/** The first demo user, who also gets the demo capture data (and whom the API documentation's examples name). */
export const DEMO_USER_ID = demoUserId(FIRST_CREATED_AT, 1);
export const DEMO_USER_EMAIL = (DEMO_USERS[0] as DemoUser).email;

export interface SeedResult {
  readonly added: number;
  readonly alreadyPresent: number;
}

/**
 * Registers the demo users that are not there yet. Idempotent: a user whose id or e-mail is
 * already taken is left as it is, so running it again adds nothing.
 */
export async function seedDemoUsers(users: UserRepository): Promise<SeedResult> {
  let added = 0;
  let alreadyPresent = 0;
  for (const [index, demo] of DEMO_USERS.entries()) {
    const createdAt = FIRST_CREATED_AT + index * 60_000;
    const id = UserId.of(demoUserId(createdAt, index + 1));
    if (await users.findById(id)) {
      alreadyPresent += 1;
      continue;
    }
    const user = User.register({
      id,
      email: Email.of(demo.email),
      fullName: FullName.of(demo.fullName),
      isActive: demo.isActive,
      registeredAt: new Date(createdAt),
    });
    try {
      await users.register(user);
      added += 1;
    } catch (error) {
      if (!(error instanceof UserAlreadyExistsError)) throw error;
      alreadyPresent += 1;
    }
  }
  return { added, alreadyPresent };
}

export const DEMO_USER_COUNT = DEMO_USERS.length;
