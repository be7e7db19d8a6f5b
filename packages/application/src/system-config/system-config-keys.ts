import { numberKey, type SystemConfigKey } from './system-config-key.js';

/** Every key of the system configuration, with its rule and default. */
export const SystemConfigKeys = Object.freeze({
  /**
   * Requests per minute per caller while set; 0 turns limiting off. Its default here is only a
   * placeholder: callers pass the configured `PROJ_RATE_LIMIT_PER_MINUTE` as the default.
   */
  rateLimitPerMinute: numberKey('rate_limit_per_minute', { defaultValue: 600, min: 0, max: 1_000_000, integer: true }),
  /** Best minus second-best similarity an artifact needs to be assigned to a subspace. */
  assignmentMinMargin: numberKey('capture.assignment_min_margin', { defaultValue: 0.05, min: 0, max: 2 }),
  /** Similarity to a centroid an artifact needs at least to be assigned to that subspace. */
  assignmentMinSimilarity: numberKey('capture.assignment_min_similarity', { defaultValue: 0, min: -1, max: 1 }),
}) satisfies Record<string, SystemConfigKey<unknown>>;
