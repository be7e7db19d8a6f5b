/** The parts of a V8 `.cpuprofile` (as written by `node --cpu-prof`) that the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

interface ProfileEntry {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy time (everything but `(idle)`), 0 to 1. */
  readonly share: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleMs: number;
  /** Self time by where the code lives: a package, `node:internal`, `(garbage collector)`, `(program)`. */
  readonly byPackage: readonly ProfileEntry[];
  /** Functions by self time. */
  readonly bySelf: readonly ProfileEntry[];
  /** Functions by total time (self and everything they called), counted once per stack. */
  readonly byTotal: readonly ProfileEntry[];
}

const PNPM_PACKAGE = /\/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const PLAIN_PACKAGE = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;
const WORKSPACE_PACKAGE = /\/(packages|apps)\/([^/]+)\//;

/** Where a script belongs: `express`, `@proj/api`, `node:internal`, or the frame's own name for V8's pseudo-frames. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  if (url.startsWith('node:')) return 'node:internal';
  const pnpm = PNPM_PACKAGE.exec(url) ?? PLAIN_PACKAGE.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const workspace = WORKSPACE_PACKAGE.exec(url);
  if (workspace?.[2]) return `@proj/${workspace[2]}`;
  return 'other';
}

function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const where = frame.url === '' ? '' : ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
  return `${frame.functionName || '(anonymous)'}${where}`;
}

function shortUrl(url: string): string {
  const pnpm = /\/node_modules\/\.pnpm\/[^/]+\/node_modules\/(.*)$/.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const workspace = /\/((?:packages|apps)\/.*)$/.exec(url);
  if (workspace?.[1]) return workspace[1];
  return url.replace(/^file:\/\//, '');
}

/** Self and total time by package and by function, from the samples of one or more profiles. */
export function summarizeProfiles(profiles: readonly CpuProfile[], top = 25): ProfileSummary {
  const selfByPackage = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalByFunction = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;

  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const selfUs = new Map<number, number>();
    profile.samples.forEach((id, index) => {
      selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, profile.timeDeltas[index] ?? 0));
    });
    const parents = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

    for (const [id, us] of selfUs) {
      const node = nodes.get(id);
      if (!node) continue;
      if (node.callFrame.functionName === '(idle)') {
        idleUs += us;
        continue;
      }
      busyUs += us;
      const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
      selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + us);
      const name = frameName(node.callFrame);
      selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + us);
      // Total time: each function on this sample's stack gets it once, however often it recurses.
      const seen = new Set<string>();
      for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
        const frame = nodes.get(current)?.callFrame;
        if (!frame || frame.functionName === '(root)') continue;
        const each = frameName(frame);
        if (seen.has(each)) continue;
        seen.add(each);
        totalByFunction.set(each, (totalByFunction.get(each) ?? 0) + us);
      }
    }
  }

  const entries = (map: Map<string, number>, limit: number): ProfileEntry[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs === 0 ? 0 : us / busyUs }));
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    byPackage: entries(selfByPackage, top),
    bySelf: entries(selfByFunction, top),
    byTotal: entries(totalByFunction, top),
  };
}

/** The summary as Markdown tables. */
export function renderProfileSummary(title: string, summary: ProfileSummary): string {
  const table = (heading: string, rows: readonly ProfileEntry[]): string =>
    [
      `| ${heading} | ms | share of busy |`,
      '| --- | ---: | ---: |',
      ...rows.map((row) => `| ${row.name.replace(/\|/g, '\\|')} | ${row.ms.toFixed(0)} | ${(row.share * 100).toFixed(1)}% |`),
    ].join('\n');
  return [
    `### ${title}`,
    '',
    `Busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms.`,
    '',
    table('self time by package', summary.byPackage),
    '',
    table('function (self time)', summary.bySelf),
    '',
    table('function (total time, once per stack)', summary.byTotal),
    '',
  ].join('\n');
}
