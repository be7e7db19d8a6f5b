import { describeCursorSignerContract, FakeCursorSigner } from '../../../src/testing/index.js';

describeCursorSignerContract(
  'FakeCursorSigner',
  () => new FakeCursorSigner(),
  () => new FakeCursorSigner(),
);
