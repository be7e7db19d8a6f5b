import { expect } from 'chai';

import {
  AppError,
  Email,
  FullName,
  PreconditionFailedError,
  User,
  UserAlreadyExistsError,
  UserId,
  UserNotFoundError,
  UserVersionMismatchError,
} from '../../../src/index.js';

const ID = UserId.of('0b4e7c1a-5d2f-4c8b-9a1e-3f6d2b7c8e90');
const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-02T00:00:00.000Z');

function aUser(): User {
  return User.register({ id: ID, email: Email.of('ada@example.com'), fullName: FullName.of('Ada'), isActive: true, registeredAt: T0 });
}

describe('User', () => {
  describe('when registered', () => {
    it('starts at version 1 with equal creation and update times', () => {
      const user = aUser();
      expect(user.toSnapshot()).to.deep.equal({
        id: ID.value,
        email: 'ada@example.com',
        fullName: 'Ada',
        isActive: true,
        createdAt: T0,
        updatedAt: T0,
        version: 1,
      });
    });
  });

  describe('when rehydrated from a snapshot', () => {
    it('round-trips every field', () => {
      const snapshot = { ...aUser().toSnapshot(), isActive: false, updatedAt: T1, version: 7 };
      expect(User.fromSnapshot(snapshot).toSnapshot()).to.deep.equal(snapshot);
    });
  });

  describe('when renamed', () => {
    it('changes the name, moves updatedAt and bumps the version', () => {
      const user = aUser();
      expect(user.rename(FullName.of('Ada King'), T1)).to.equal(true);
      expect(user.fullName.value).to.equal('Ada King');
      expect(user.updatedAt).to.equal(T1);
      expect(user.version).to.equal(2);
    });

    it('is a no-op for the same name', () => {
      const user = aUser();
      expect(user.rename(FullName.of(' Ada '), T1)).to.equal(false);
      expect(user.updatedAt).to.equal(T0);
      expect(user.version).to.equal(1);
    });
  });

  describe('when changed in name and active flag at once', () => {
    it('makes one new version and update time for both', () => {
      const user = User.fromSnapshot({ ...aUser().toSnapshot(), version: 4 });
      expect(user.change({ fullName: FullName.of('Ada King'), isActive: false }, T1)).to.equal(true);
      expect(user.toSnapshot()).to.include({ fullName: 'Ada King', isActive: false, version: 5 });
      expect(user.updatedAt).to.equal(T1);
    });

    it('changes only what differs, and is a no-op when nothing does', () => {
      const user = aUser();
      expect(user.change({ fullName: FullName.of('Ada'), isActive: true }, T1)).to.equal(false);
      expect(user.toSnapshot()).to.include({ version: 1 });
      expect(user.updatedAt).to.equal(T0);
      expect(user.change({ isActive: false }, T1)).to.equal(true);
      expect(user.toSnapshot()).to.include({ fullName: 'Ada', isActive: false, version: 2 });
    });
  });

  describe('when (de)activated', () => {
    it('deactivates and reactivates, each a change', () => {
      const user = aUser();
      expect(user.deactivate(T1)).to.equal(true);
      expect(user.isActive).to.equal(false);
      expect(user.activate(T1)).to.equal(true);
      expect(user.isActive).to.equal(true);
      expect(user.version).to.equal(3);
    });

    it('is a no-op when already in that state', () => {
      const user = aUser();
      expect(user.activate(T1)).to.equal(false);
      expect(user.version).to.equal(1);
    });
  });
});

describe('domain errors', () => {
  it('carry a stable code and their class name, and never the e-mail', () => {
    const conflict = new UserAlreadyExistsError();
    expect(conflict).to.be.instanceOf(AppError);
    expect(conflict.code).to.equal('USER_ALREADY_EXISTS');
    expect(conflict.name).to.equal('UserAlreadyExistsError');
    const missing = new UserNotFoundError(ID.value);
    expect(missing.code).to.equal('USER_NOT_FOUND');
    expect(missing.message).to.contain(ID.value);
  });

  it('keep the cause they wrap', () => {
    const cause = new Error('unique violation');
    expect(new UserAlreadyExistsError({ cause }).cause).to.equal(cause);
  });

  it('name a stale version as a precondition failure, with the user and the version expected', () => {
    const stale = new UserVersionMismatchError(ID.value, 3);
    expect(stale).to.be.instanceOf(PreconditionFailedError);
    expect(stale.code).to.equal('PRECONDITION_FAILED');
    expect(stale).to.include({ userId: ID.value, expectedVersion: 3, name: 'UserVersionMismatchError' });
    expect(stale.message).to.contain('version 3');
  });

  it('name every version expected when the caller accepted several', () => {
    const stale = new UserVersionMismatchError(ID.value, [3, 5]);
    expect(stale.expectedVersion).to.deep.equal([3, 5]);
    expect(stale.message).to.equal(`User ${ID.value} is at none of the versions 3, 5`);
    const many = new UserVersionMismatchError(ID.value, [1, 2, 3, 4, 5, 6, 7]);
    expect(many.message).to.equal(`User ${ID.value} is at none of the versions 1, 2, 3, 4, 5 and 2 more`);
  });
});
