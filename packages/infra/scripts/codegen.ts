// `pnpm db:codegen`: regenerates src/db/schema/database.gen.ts from a throwaway database migrated to head.
// `pnpm db:codegen --check`: fails, showing the difference, when the committed file has drifted.
import { relative } from 'node:path';

import { runKyselyCodegen } from './kysely-codegen.js';
import { GENERATED_TYPES_FILE } from './paths.js';
import { withThrowawayDatabase } from './throwaway-database.js';

const verify = process.argv.includes('--check');
const file = relative(process.cwd(), GENERATED_TYPES_FILE);

const { status, output } = await withThrowawayDatabase(process.env, async (url) => runKyselyCodegen(url, { verify }));
process.stdout.write(output);
if (status !== 0) {
  console.error(
    verify
      ? `${file} is out of date with the migrations (- lines: what the migrations produce, + lines: what the file has instead): run \`pnpm db:codegen\` and commit the result`
      : 'kysely-codegen failed',
  );
}
process.exit(status);
