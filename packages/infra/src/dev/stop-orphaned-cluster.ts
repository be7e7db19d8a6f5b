// The watcher of one process using an embedded PostgreSQL (see `watchForOwnerDeath`): it waits for
// the pipe from that process to close, then stops the cluster unless another live process uses it.
import { stopClusterIfUnused } from './embedded-postgres.js';

const [dataDir] = process.argv.slice(2);
if (dataDir !== undefined) {
  process.stdin.resume();
  process.stdin.once('close', () => {
    stopClusterIfUnused(dataDir).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
