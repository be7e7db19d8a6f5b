import { describeUserRepositoryContract, InMemoryUserRepository } from '../../../src/testing/index.js';

describeUserRepositoryContract('InMemoryUserRepository', async () => new InMemoryUserRepository());
