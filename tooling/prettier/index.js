// Shared Prettier options. Imports are grouped, a blank line apart: node: built-ins, packages, @proj
// packages, then relative modules, so that a file's dependencies read outside-in.
import { fileURLToPath } from 'node:url';

/** @type {import('prettier').Config} */
const config = {
  printWidth: 140,
  singleQuote: true,
  trailingComma: 'all',
  // Resolved here, so that every package gets the plugin without declaring it.
  plugins: [fileURLToPath(import.meta.resolve('@ianvs/prettier-plugin-sort-imports'))],
  importOrder: ['<BUILTIN_MODULES>', '', '<THIRD_PARTY_MODULES>', '', '^@proj/(.*)$', '', '^[.]'],
  importOrderParserPlugins: ['typescript', 'decorators-legacy'],
  importOrderTypeScriptVersion: '5.0.0',
};

export default config;
