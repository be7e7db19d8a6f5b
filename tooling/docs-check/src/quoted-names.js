// Names the operator documentation quotes that must exist in the running service: readiness
// checks and Prometheus metrics. The service side is read by a test that starts it.
import { codeFragments } from './markdown.js';

/**
 * Readiness check names quoted in a document: "the `cache` check", and the keys of `checks` in a
 * JSON example of `/health/ready`.
 */
export function healthCheckNamesQuoted(markdown) {
  const names = new Set();
  for (const match of markdown.matchAll(/`([a-z][a-z0-9_-]*)` (?:readiness )?check\b/g)) names.add(match[1]);
  for (const match of markdown.matchAll(/"checks"\s*:\s*\{([^\n]*)/g)) {
    for (const key of match[1].matchAll(/"([a-z][a-z0-9_-]*)"\s*:\s*\{/g)) names.add(key[1]);
  }
  return names;
}

const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

/**
 * Metric names quoted in a document's code: snake_case words whose first segment is the first
 * segment of a metric the service exposes (`http_…`, `db_…`, `nodejs_…`), so that a renamed or
 * misspelt metric is caught while field names such as `request_id` are not mistaken for metrics.
 */
export function metricNamesQuoted(markdown, exposedFamilies) {
  const prefixes = new Set([...exposedFamilies].map((name) => name.split('_')[0]));
  const names = new Set();
  for (const fragment of codeFragments(markdown)) {
    for (const match of fragment.matchAll(/\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b/g)) {
      const name = match[1];
      if (prefixes.has(name.split('_')[0])) names.add(name);
    }
  }
  return [...names].map((name) => ({ name, family: exposedFamilies.has(name) ? name : name.replace(HISTOGRAM_SERIES, '') }));
}
