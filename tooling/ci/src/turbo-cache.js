// Reading turbo's dry runs (`turbo run … --dry=json`) and run summaries (`--summarize`) to tell
// whether a second run would take every task from the cache, and if not, why.

/** The tasks of a dry run that a package defines (turbo lists every package × task, `<NONEXISTENT>` where a package has no such script). */
export function realTasks(run) {
  return run.tasks.filter((task) => task.command !== '<NONEXISTENT>');
}

/**
 * Why each task of a dry run would not come from the cache, as `{ taskId, reason }`; empty when
 * the run would be a full cache hit. `previous` (a `--summarize` summary of the run before, when
 * there is one) lets the reason name the input files that changed since that run.
 */
export function cacheMisses(dryRun, previous) {
  const before = new Map((previous?.tasks ?? []).map((task) => [task.taskId, task]));
  const now = new Map(dryRun.tasks.map((task) => [task.taskId, task]));
  return realTasks(dryRun)
    .filter((task) => task.cache?.status !== 'HIT')
    .map((task) => ({ taskId: task.taskId, reason: missReason(task, before, now) }));
}

function missReason(task, before, now) {
  if (task.resolvedTaskDefinition?.cache === false) return 'turbo.json turns caching off for this task';
  const previous = before.get(task.taskId);
  if (previous === undefined) return `no cache entry for hash ${task.hash}, and no earlier run of this task to compare with`;
  if (previous.hash === task.hash) {
    return `the earlier run had the same hash ${task.hash} but stored nothing: it failed, or was run with --cache=local:r or --no-cache`;
  }
  const changed = changedInputs(previous.inputs ?? {}, task.inputs ?? {});
  if (changed.length > 0)
    return `inputs changed since the earlier run (a task writes into them, or they change by themselves): ${changed.join(', ')}`;
  if (previous.hashOfExternalDependencies !== task.hashOfExternalDependencies) return 'its external dependencies changed (the lockfile)';
  const moved = (task.dependencies ?? []).filter((id) => before.has(id) && now.has(id) && before.get(id).hash !== now.get(id).hash);
  if (moved.length > 0) {
    const why = moved.map((id) => {
      const inputs = changedInputs(before.get(id).inputs ?? {}, now.get(id).inputs ?? {});
      return inputs.length > 0 ? `${id} (${inputs.join(', ')})` : id;
    });
    return `the hash of a task it depends on changed: ${why.join('; ')}`;
  }
  return 'its inputs and dependencies are the same but its hash is not: its environment or turbo.json changed';
}

/** Input files added, removed or changed between two `inputs` maps (path → hash), sorted, each marked. */
export function changedInputs(before, after) {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return paths.flatMap((path) => {
    if (!(path in before)) return [`${path} (new)`];
    if (!(path in after)) return [`${path} (gone)`];
    return before[path] === after[path] ? [] : [`${path} (changed)`];
  });
}
