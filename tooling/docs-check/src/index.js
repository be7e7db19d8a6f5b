// The documentation checks, for this package's tests and for suites that compare the docs with a
// running service (metric and health-check names).
export { brokenLinks, linkTargets } from './check-links.js';
export { unlistedDecisions } from './check-decision-index.js';
export { decisionsMissingSections, requiredDecisionSections } from './check-decision-sections.js';
export { commandsIn, missingCommands, problemWith, workspacePackages } from './check-commands.js';
export { readmeTypeErrors, typescriptBlocks } from './check-readme-code.js';
export { schemaVariables, unknownVariables } from './check-variables.js';
export { wideTableRows } from './check-table-widths.js';
export { healthCheckNamesQuoted, metricNamesQuoted } from './quoted-names.js';
export { anchors, codeBlocks, codeFragments, inlineCode, markdownFiles, slug } from './markdown.js';
