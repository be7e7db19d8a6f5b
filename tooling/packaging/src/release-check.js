// What `pnpm release:dry-run` proves about a release before anything is published: the versions the
// pending changesets give each package, that each tarball carries exactly that version, and that
// the packages it needs from the workspace are published in the same release at versions its
// ranges accept (so a consumer installing one package from the registry gets a consistent set).

const WORKSPACE_DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

/**
 * The version each publishable package will have after `changeset version`, from the release plan
 * `changeset status --output` writes: `{ name → { from, to, type } }` (type `none` when no changeset
 * touches the package and its version stays).
 */
export function plannedVersions(manifests, plan) {
  const releases = new Map((plan?.releases ?? []).map((release) => [release.name, release]));
  return Object.fromEntries(
    manifests.map((manifest) => {
      const release = releases.get(manifest.name);
      return [
        manifest.name,
        release && release.type !== 'none'
          ? { from: release.oldVersion, to: release.newVersion, type: release.type }
          : { from: manifest.version, to: manifest.version, type: 'none' },
      ];
    }),
  );
}

/** Whether `version` (x.y.z) satisfies `range` as pnpm writes workspace ranges: `x.y.z`, `^x.y.z` or `~x.y.z`. */
export function satisfies(version, range) {
  const parse = (text) => {
    const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/.exec(text);
    return match ? { major: +match[1], minor: +match[2], patch: +match[3], pre: match[4] } : undefined;
  };
  const operator = /^[\^~]/.test(range) ? range[0] : '';
  const floor = parse(range.slice(operator.length));
  const actual = parse(version);
  if (!floor || !actual) return false;
  if (operator === '') return version === range.slice(operator.length);
  if (
    actual.pre !== undefined &&
    !(floor.pre !== undefined && actual.major === floor.major && actual.minor === floor.minor && actual.patch === floor.patch)
  ) {
    return false;
  }
  const compare = (a, b) =>
    a.major - b.major ||
    a.minor - b.minor ||
    a.patch - b.patch ||
    (a.pre === b.pre ? 0 : a.pre === undefined ? 1 : b.pre === undefined ? -1 : a.pre < b.pre ? -1 : 1);
  if (compare(actual, floor) < 0) return false;
  if (operator === '~') return actual.major === floor.major && actual.minor === floor.minor;
  if (floor.major > 0) return actual.major === floor.major;
  if (floor.minor > 0) return actual.major === 0 && actual.minor === floor.minor;
  return actual.major === 0 && actual.minor === 0 && actual.patch === floor.patch;
}

/**
 * Problems with the versions of a set of packed manifests: a version other than the planned one, a
 * dependency on a workspace package that is not published with them (a private one), or a range
 * that the version released with it does not satisfy.
 * @param {object[]} packed manifests as packed (workspace ranges already rewritten)
 * @param {Record<string, {to: string}>} planned from {@link plannedVersions}
 * @param {Set<string>} workspaceNames every package name of the workspace, private ones included
 */
export function versionProblems(packed, planned, workspaceNames) {
  const released = new Map(packed.map((manifest) => [manifest.name, manifest.version]));
  return packed.flatMap((manifest) => {
    const problems = [];
    const expected = planned[manifest.name]?.to;
    if (expected !== undefined && manifest.version !== expected) {
      problems.push(`${manifest.name}: the tarball is version ${manifest.version}, the release plan says ${expected}`);
    }
    for (const field of WORKSPACE_DEPENDENCY_FIELDS) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        if (!workspaceNames.has(name)) continue;
        const version = released.get(name);
        if (version === undefined) problems.push(`${manifest.name}: ${field}.${name} is a workspace package that is not published`);
        else if (!satisfies(version, range))
          problems.push(`${manifest.name}: ${field}.${name} is "${range}", which ${name}@${version} of this release does not satisfy`);
      }
    }
    return problems;
  });
}

/** The workspace packages a package needs at run time, itself included, following its dependencies among `manifests`. */
export function workspaceClosure(name, manifests) {
  const byName = new Map(manifests.map((manifest) => [manifest.name, manifest]));
  const closure = new Set();
  const visit = (current) => {
    if (closure.has(current) || !byName.has(current)) return;
    closure.add(current);
    for (const dependency of Object.keys(byName.get(current).dependencies ?? {})) visit(dependency);
  };
  visit(name);
  return [...closure].sort();
}
