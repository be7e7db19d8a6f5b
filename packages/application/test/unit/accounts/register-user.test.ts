import { expect } from 'chai';

import { IdempotencyKeyReusedError, InputValidationError, UserAlreadyExistsError } from '../../../src/errors/index.js';
import { RegisterUser } from '../../../src/index.js';
import {
  FixedClock,
  InMemoryUnitOfWork,
  RecordingLogger,
  SequentialIdGenerator,
  type InMemoryUserRepository,
} from '../../../src/testing/index.js';

describe('RegisterUser', () => {
  let uow: InMemoryUnitOfWork;
  let users: InMemoryUserRepository;
  let registerUser: RegisterUser;
  let logger: RecordingLogger;

  beforeEach(() => {
    uow = new InMemoryUnitOfWork();
    users = uow.users;
    logger = new RecordingLogger();
    registerUser = new RegisterUser({
      uow,
      users,
      clock: new FixedClock('2026-05-06T07:08:09.000Z'),
      ids: new SequentialIdGenerator(),
      logger,
    });
  });

  describe('its events', () => {
    it('logs one `user registered` per new user and one `idempotent replay` per replay, with the user id only', async () => {
      const plain = await registerUser.execute({ email: 'ada@example.com', fullName: 'Ada Lovelace' });
      const idempotency = { key: 'k', fingerprint: 'f' };
      const keyed = await registerUser.execute({ email: 'grace@example.com', fullName: 'Grace Hopper', idempotency });
      await registerUser.execute({ email: 'grace@example.com', fullName: 'Grace Hopper', idempotency });
      expect(logger.entries).to.deep.equal([
        { level: 'info', message: 'user registered', fields: { user_id: plain.id } },
        { level: 'info', message: 'user registered', fields: { user_id: keyed.id } },
        { level: 'info', message: 'idempotent replay', fields: { operation: 'register_user', user_id: keyed.id } },
      ]);
    });

    it('logs nothing for a registration that fails', async () => {
      await registerUser.execute({ email: 'ada@example.com', fullName: 'Ada' });
      await expect(registerUser.execute({ email: 'ADA@example.com', fullName: 'Ada' })).to.be.rejectedWith(UserAlreadyExistsError);
      expect(logger.entries).to.have.length(1);
    });
  });

  describe('when the input is valid', () => {
    it('stores the user normalised and returns it as a DTO', async () => {
      const user = await registerUser.execute({ email: '  Ada@Example.COM ', fullName: ' Ada Lovelace ' });
      expect(user).to.deep.equal({
        id: '00000000-0000-4000-8000-000000000001',
        email: 'ada@example.com',
        fullName: 'Ada Lovelace',
        isActive: true,
        createdAt: new Date('2026-05-06T07:08:09.000Z'),
        updatedAt: new Date('2026-05-06T07:08:09.000Z'),
        version: 1,
      });
      expect(users.saved.map((u) => u.email)).to.deep.equal(['ada@example.com']);
    });

    it('writes the user with one statement, outside a unit of work, when no idempotency key is given', async () => {
      await registerUser.execute({ email: 'single@example.com', fullName: 'Single' });
      expect(users.saved.map((u) => u.email)).to.deep.equal(['single@example.com']);
      expect(uow.commits, 'no transaction').to.equal(0);
    });

    it('writes the user and its idempotency key in one unit of work when a key is given', async () => {
      await registerUser.execute({ email: 'keyed@example.com', fullName: 'Keyed', idempotency: { key: 'k', fingerprint: 'f' } });
      expect(users.saved.map((u) => u.email)).to.deep.equal(['keyed@example.com']);
      expect(uow.commits).to.equal(1);
    });

    it('honours an explicit is_active=false', async () => {
      const user = await registerUser.execute({ email: 'a@example.com', fullName: 'A', isActive: false });
      expect(user.isActive).to.equal(false);
    });

    it('returns a frozen DTO', async () => {
      const user = await registerUser.execute({ email: 'a@example.com', fullName: 'A' });
      expect(Object.isFrozen(user)).to.equal(true);
    });
  });

  describe('when several fields are invalid', () => {
    it('reports all of them at once and stores nothing', async () => {
      const error = await registerUser.execute({ email: 'nope', fullName: '  ' }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InputValidationError);
      expect((error as InputValidationError).issues.map((i) => i.path)).to.deep.equal(['email', 'full_name']);
      expect(users.saved).to.be.empty;
    });
  });

  describe('when the e-mail is taken in another letter case', () => {
    it('rejects with UserAlreadyExistsError and keeps the first user only', async () => {
      await registerUser.execute({ email: 'grace@example.com', fullName: 'Grace' });
      await expect(registerUser.execute({ email: 'GRACE@example.com', fullName: 'Other' })).to.be.rejectedWith(UserAlreadyExistsError);
      expect(users.saved).to.have.length(1);
    });
  });

  describe('with an idempotency key', () => {
    const idempotency = { key: 'anonymous:key-1', fingerprint: 'fingerprint-a' };

    it('records the key with the user it created, in the same unit of work', async () => {
      const user = await registerUser.execute({ email: 'ada@example.com', fullName: 'Ada', idempotency });
      expect(uow.idempotencyKeys.saved).to.deep.equal([{ ...idempotency, resourceId: user.id }]);
      expect(uow.commits).to.equal(1);
    });

    it('returns the first user again for a repeat, creating nothing', async () => {
      const first = await registerUser.execute({ email: 'ada@example.com', fullName: 'Ada', idempotency });
      const again = await registerUser.execute({ email: 'ada@example.com', fullName: 'Ada', idempotency });
      expect(again).to.deep.equal(first);
      expect(users.saved).to.have.length(1);
    });

    it('rejects the key reused for a different request, creating nothing', async () => {
      await registerUser.execute({ email: 'ada@example.com', fullName: 'Ada', idempotency });
      const reuse = registerUser.execute({
        email: 'bob@example.com',
        fullName: 'Bob',
        idempotency: { ...idempotency, fingerprint: 'fingerprint-b' },
      });
      await expect(reuse).to.be.rejectedWith(IdempotencyKeyReusedError);
      expect(users.saved).to.have.length(1);
    });

    it('records nothing when the registration fails, so that the key stays free', async () => {
      await registerUser.execute({ email: 'grace@example.com', fullName: 'Grace' });
      await expect(registerUser.execute({ email: 'grace@example.com', fullName: 'Grace', idempotency })).to.be.rejectedWith(
        UserAlreadyExistsError,
      );
      expect(uow.idempotencyKeys.saved).to.be.empty;
    });
  });
});
