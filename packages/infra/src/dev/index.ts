// Development only: the embedded PostgreSQL the server starts when no PROJ_DATABASE_URL is set.
// Production wiring never imports this entry, so its code and binaries are not loaded there.
export { EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres.js';
