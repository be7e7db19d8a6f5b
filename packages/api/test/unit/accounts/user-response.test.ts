import { expect } from 'chai';

import type { UserDto } from '@proj/application';

import { UserResponse } from '../../../src/accounts/accounts-schemas.js';
import { toUserResponse } from '../../../src/accounts/user-response.js';

describe('toUserResponse', () => {
  const dto: UserDto = {
    id: '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
    email: 'ada@example.com',
    fullName: 'Ada Lovelace',
    isActive: false,
    createdAt: new Date('2026-03-04T05:06:07.891Z'),
    updatedAt: new Date('2026-03-05T00:00:00.000Z'),
    version: 7,
  };

  describe('when given a user DTO', () => {
    it('maps it to snake_case with ISO 8601 UTC timestamps', () => {
      expect(toUserResponse(dto)).to.deep.equal({
        id: '0b6f1c1e-6f8e-4c1a-9a53-2f0a4f4e9d7b',
        email: 'ada@example.com',
        full_name: 'Ada Lovelace',
        is_active: false,
        created_at: '2026-03-04T05:06:07.891Z',
        updated_at: '2026-03-05T00:00:00.000Z',
      });
    });

    it('keeps only whitelisted fields: no version, nothing extra', () => {
      const withExtra = { ...dto, passwordHash: 'secret' } as UserDto;
      expect(toUserResponse(withExtra)).to.have.all.keys('id', 'email', 'full_name', 'is_active', 'created_at', 'updated_at');
    });

    it('produces what the documented User schema accepts', () => {
      expect(UserResponse.safeParse(toUserResponse(dto)).success).to.equal(true);
    });
  });
});
