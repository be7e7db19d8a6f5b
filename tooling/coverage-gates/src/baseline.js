// Rewriting the committed coverage baseline: raising a figure is free, lowering one is a decision.
// `pnpm coverage:baseline` refuses to lower any figure unless it is given the number of a decision
// record that says why (`--decision NNNN`), and that number is then named in the commit.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every figure of `next` that is lower than in `previous` (one profile: overall and packages), as sentences. */
export function loweredFigures(previous, next) {
  if (!previous) return [];
  const lowered = [];
  const compare = (label, before, after) => {
    if (!before || !after) return;
    for (const metric of ['lines', 'branches']) {
      if (after[metric] < before[metric]) lowered.push(`${label} ${metric} ${before[metric]}% -> ${after[metric]}%`);
    }
  };
  compare('overall', previous.overall, next.overall);
  for (const name of Object.keys(previous.packages ?? {}).sort()) {
    if (!(name in (next.packages ?? {}))) lowered.push(`${name} is no longer measured`);
    else compare(name, previous.packages[name], next.packages[name]);
  }
  return lowered;
}

/** The file of decision record `number` (four digits) in docs/decisions, or `undefined`. */
export function decisionRecord(root, number) {
  if (!/^\d{4}$/.test(number ?? '')) return undefined;
  const dir = join(root, 'docs', 'decisions');
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).find((file) => file.startsWith(`${number}-`) && file.endsWith('.md'));
}
