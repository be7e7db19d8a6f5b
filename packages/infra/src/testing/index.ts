export { startTestPostgres, withDatabase, type TestDatabase, type TestPostgres } from './test-postgres.js';
