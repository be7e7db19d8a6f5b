// The dependency rule (docs/architecture.md) as dependency-cruiser rules. Paths are relative to the workspace
// root: layer packages live in packages/<layer>, apps in apps/<name>, and third-party or workspace
// packages are reached through each package's own node_modules (symlinks are preserved, so an
// import of `@proj/application` from the api shows up as packages/api/node_modules/@proj/application/…).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Folders of packages/domain/src that are shared by every bounded context rather than being one. */
export const SHARED_KERNEL_FOLDERS = ['errors', 'shared'];

/** Frameworks and drivers: only infra (drivers) and api (HTTP) may use them, never the core. */
const FRAMEWORKS_AND_DRIVERS = [
  'express',
  'kysely',
  'pg',
  'redis',
  '@redis/[^/]+',
  'ioredis',
  'winston',
  'zod',
  '@asteasolutions/zod-to-openapi',
  'swagger-ui-express',
];

/** Node built-ins that do no I/O: the application layer may use them (a retry delay, an event emitter). */
const NODE_BUILTINS_WITHOUT_IO = ['timers', 'timers/promises', 'events', 'util', 'assert'];

const DRIVERS_THE_API_MUST_NOT_TOUCH = ['@proj/infra', 'kysely', 'pg', 'redis', '@redis/[^/]+', 'ioredis', 'winston'];

/**
 * A module path that is an import of one of `names`: resolved through some node_modules folder, or
 * left as the bare name when it could not be resolved (pnpm does not let a package resolve what it
 * did not declare).
 */
function importOf(names) {
  return `(^|/node_modules/)(${names.join('|')})(/|$)`;
}

/**
 * Bounded contexts are the folders of the domain package (other than the shared kernel); the same
 * names are used as feature folders in every other layer.
 */
export function discoverBoundedContexts(root) {
  const domainSource = join(root, 'packages', 'domain', 'src');
  if (!existsSync(domainSource)) return [];
  return readdirSync(domainSource, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SHARED_KERNEL_FOLDERS.includes(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** The rule set, for the bounded contexts found in the workspace at `root`. */
export function createRuleSet({ boundedContexts }) {
  const forbidden = [
    {
      name: 'domain-imports-nothing-outside-the-domain',
      comment:
        '@proj/domain has zero runtime dependencies: no npm package, no node: module, no other workspace package. ' +
        'IDs, time and I/O come in as arguments from the application layer.',
      severity: 'error',
      from: { path: '^packages/domain/src/' },
      to: { pathNot: '^packages/domain/src/' },
    },
    {
      name: 'application-depends-on-domain-only',
      comment:
        '@proj/application may import only its own modules, @proj/domain and the node: modules that do no I/O ' +
        '(timers, events, util, assert). Anything else belongs behind a port that infra implements. ' +
        '(src/testing may also use mocha and chai, its optional peers.)',
      severity: 'error',
      from: { path: '^packages/application/src/', pathNot: '^packages/application/src/testing/' },
      to: {
        pathNot: [
          '^packages/application/src/',
          importOf(['@proj/domain']),
          `^(${NODE_BUILTINS_WITHOUT_IO.join('|')})$`,
          // Reported by the next rule, with a more specific message.
          importOf(['@proj/infra', '@proj/api', ...FRAMEWORKS_AND_DRIVERS]),
        ],
      },
    },
    {
      name: 'application-imports-no-outer-layer-or-framework',
      comment:
        '@proj/application must not import @proj/infra, @proj/api or a framework or driver ' +
        '(express, kysely, pg, redis, winston, zod, zod-to-openapi): define a port and let infra implement it.',
      severity: 'error',
      from: { path: '^packages/application/' },
      to: { path: importOf(['@proj/infra', '@proj/api', ...FRAMEWORKS_AND_DRIVERS]) },
    },
    {
      name: 'api-imports-no-infra-or-driver',
      comment:
        '@proj/api depends on @proj/application, never on @proj/infra or a database, cache or logging driver ' +
        '(kysely, pg, redis, winston): use the application ports; apps/server wires the adapters in.',
      severity: 'error',
      from: { path: '^packages/api/' },
      to: { path: importOf(DRIVERS_THE_API_MUST_NOT_TOUCH) },
    },
    {
      name: 'capture-imports-no-accounts-code',
      comment:
        'The capture context refers to accounts users by id only: no capture module (in any layer) may import an ' +
        "accounts module, not even the context's public index. Capture keeps its own id type for the user it belongs to.",
      severity: 'error',
      from: { path: '^(?:packages|apps)/[^/]+/src/(?:|.*/)capture/' },
      to: { path: '^(?:packages|apps)/[^/]+/src/(?:|.*/)accounts/' },
    },
    {
      name: 'no-circular-dependency',
      comment: 'Modules must not depend on each other in a cycle; extract what both need into a third module.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-undeclared-dependency',
      comment:
        "Every imported package must be declared in the importing package's package.json (this one resolves only " +
        'because it was hoisted or installed elsewhere).',
      severity: 'error',
      from: {},
      // dependency-cruiser also tags a package declared as both peer and dev as npm-no-pkg.
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'] },
    },
    {
      name: 'no-unresolvable-import',
      comment:
        'The import does not resolve. For a package: declare it in package.json (pnpm lets a package see only what ' +
        'it declares); for a workspace package, also build it first.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-dev-dependency-in-src',
      comment:
        'Published code (src/) must not import a devDependency: consumers do not install those. Move it to ' +
        'dependencies, or to peerDependencies for optional test helpers.',
      severity: 'error',
      from: { path: '^(packages|apps)/[^/]+/src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['npm-peer', 'type-only'] },
    },
  ];

  if (boundedContexts.length > 0) {
    const contexts = boundedContexts.join('|');
    forbidden.push({
      name: 'no-reaching-into-another-context',
      comment: "A bounded context may use another context only through that context's public index.ts, never its " + 'internal modules.',
      severity: 'error',
      from: { path: `^((?:packages|apps)/[^/]+/src/(?:|.*/))(${contexts})/` },
      to: {
        path: `^(?:packages|apps)/[^/]+/src/(?:|.*/)(?:${contexts})/(?!index\\.[cm]?[jt]s$)`,
        pathNot: `^(?:packages|apps)/[^/]+/src/(?:|.*/)$2/`,
      },
    });
  }

  return { forbidden };
}

/** Cruise options shared by the check and its tests. */
export function cruiseOptions(root, ruleSet) {
  return {
    baseDir: root,
    validate: true,
    ruleSet,
    // Keep node_modules in the path so rules can see which package an import goes to.
    preserveSymlinks: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage|\\.turbo|\\.test-results)/' },
    // Type-only imports count: an api module importing a type from infra is still coupled to infra.
    tsPreCompilationDeps: true,
    detectProcessBuiltinModuleCalls: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'node', 'default'],
      mainFields: ['types', 'module', 'main'],
    },
  };
}
