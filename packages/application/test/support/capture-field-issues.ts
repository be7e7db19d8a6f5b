/**
 * The issue each invalid capture field is reported with, worded once for every test that expects it:
 * the commands, the queries and checkCaptureFields all report the same path and message.
 */
export const FIELD_ISSUE = {
  userId: { path: 'user_id', message: 'must be a UUID' },
  artifactId: { path: 'artifact_id', message: 'must be a UUID' },
  subspaceId: { path: 'subspace_id', message: 'must be a UUID' },
  url: { path: 'url', message: 'must be an absolute http or https URL' },
  title: { path: 'title', message: 'must be 1 to 500 characters' },
  readingDepth: { path: 'reading_depth', message: 'reading_depth out of range' },
  name: { path: 'name', message: 'must be 1 to 100 characters' },
  zeroEmbedding: { path: 'embedding', message: 'must not be all zeros' },
  zeroCentroid: { path: 'centroid', message: 'must not be all zeros' },
  occurredAt: { path: 'occurred_at', message: 'must be an ISO 8601 date-time' },
} as const;
