// Generated from the files in this folder by `pnpm db:new`; do not edit by hand.
import type { Migration } from 'kysely';

import * as createUsers from './20261122000000_create_users.js';
import * as indexUsersByCreation from './20261123000000_index_users_by_creation.js';
import * as createIdempotencyKeys from './20261201000000_create_idempotency_keys.js';
import * as createRuntimeSettings from './20261201000100_create_runtime_settings.js';
import * as generaliseRuntimeSettingsIntoSystemConfig from './20261201000200_generalise_runtime_settings_into_system_config.js';
import * as createCapture from './20261201000300_create_capture.js';
import * as addUsersEmailSkeleton from './20261202025402_add_users_email_skeleton.js';
import * as captureSimilarWithoutPgvector from './20261203000000_capture_similar_without_pgvector.js';
import * as captureIdempotentWrites from './20261203000100_capture_idempotent_writes.js';
import * as captureSimilarWithCube from './20261203000101_capture_similar_with_cube.js';
import * as captureAssignInOnePass from './20261203000200_capture_assign_in_one_pass.js';

/**
 * Every migration, by name. Names sort in the order they apply. A static list (rather than reading
 * the folder at run time) works the same from `src` under tsx and from `dist`.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '20261122000000_create_users': createUsers,
  '20261123000000_index_users_by_creation': indexUsersByCreation,
  '20261201000000_create_idempotency_keys': createIdempotencyKeys,
  '20261201000100_create_runtime_settings': createRuntimeSettings,
  '20261201000200_generalise_runtime_settings_into_system_config': generaliseRuntimeSettingsIntoSystemConfig,
  '20261201000300_create_capture': createCapture,
  '20261202025402_add_users_email_skeleton': addUsersEmailSkeleton,
  '20261203000000_capture_similar_without_pgvector': captureSimilarWithoutPgvector,
  '20261203000100_capture_idempotent_writes': captureIdempotentWrites,
  '20261203000101_capture_similar_with_cube': captureSimilarWithCube,
  '20261203000200_capture_assign_in_one_pass': captureAssignInOnePass,
};
