// Loaded by every package's .mocharc.json: assertion plugins shared by all suites, and a guard against a run that never ends.
import * as chai from 'chai';
import chaiAsPromised from 'chai-as-promised';

chai.use(chaiAsPromised);

// After the run, handles a test left open (a server started by a hook that timed out, a socket)
// would keep the process alive forever and hold up the whole suite. Give the process this long to
// end by itself; then name what keeps it alive and fail, instead of hanging.
const EXIT_GRACE_MS = Number(process.env.MOCHA_EXIT_GRACE_MS ?? 30_000);

export function mochaGlobalTeardown() {
  setTimeout(() => {
    const open = process.getActiveResourcesInfo().filter((resource) => resource !== 'TTYWrap');
    console.error(`mocha: the process did not end ${EXIT_GRACE_MS / 1000} s after the run; still open: ${open.join(', ')}`);
    // Registered after mocha's own exit listener, so the run fails even when every test passed.
    process.on('exit', () => {
      process.exitCode = Math.max(Number(process.exitCode ?? 0), 1);
    });
    process.exit(1);
  }, EXIT_GRACE_MS).unref();
}
