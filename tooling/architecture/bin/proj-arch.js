#!/usr/bin/env node
// `proj-arch`: the architecture check of the package in the working directory (its `arch` script).
import { checkArchitecture, findWorkspaceRoot } from '../src/check-architecture.js';

const packageDir = process.cwd();
const { ok, report, modulesCruised } = await checkArchitecture({ root: findWorkspaceRoot(packageDir), packageDir });
if (ok) {
  console.log(`architecture: ${modulesCruised} modules checked, no violations`);
} else {
  console.error(report);
  process.exitCode = 1;
}
