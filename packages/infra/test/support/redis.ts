import { sharedRedisHooks } from '../../src/testing/index.js';

export { sharedRedis } from '../../src/testing/index.js';
export const mochaHooks = sharedRedisHooks;
