/** One step of a run: a warm-up or a measured window of one series (one scenario on one server). */
export interface ScheduledStep {
  readonly kind: 'warm-up' | 'measure';
  /** Index of the series in the list the plan was made from. */
  readonly series: number;
  /** The measured round (0-based); warm-ups belong to the first. */
  readonly round: number;
}

/**
 * The order of a run. Series of one family (the servers compared on one scenario) run one after
 * the other, in reverse order every other round, so that no server always runs first. Each series
 * is warmed up immediately before its first measured window, with its own scenario on its own
 * server: the window never measures a server whose code for that path has not been optimised
 * yet, and no other load comes between the warm-up and the window.
 * @param familyOf the family of each series, by index
 */
export function measurementPlan(familyOf: readonly string[], rounds: number, warmUp: boolean): ScheduledStep[] {
  const families = [...new Set(familyOf)];
  const steps: ScheduledStep[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const family of families) {
      const members = familyOf.flatMap((each, index) => (each === family ? [index] : []));
      for (const series of round % 2 === 0 ? members : members.reverse()) {
        if (round === 0 && warmUp) steps.push({ kind: 'warm-up', series, round });
        steps.push({ kind: 'measure', series, round });
      }
    }
  }
  return steps;
}
