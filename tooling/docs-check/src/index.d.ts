// Types of the checks that TypeScript suites call (the rest is used from JavaScript tests only).

/** Markdown files of a repository (git's view, or a walk), tool output and fixtures left out. */
export function markdownFiles(root: string): string[];
/** Readiness check names a document quotes ("the `cache` check", keys of a `checks` JSON example). */
export function healthCheckNamesQuoted(markdown: string): Set<string>;
/** Metric names a document's code quotes, with the family each belongs to. */
export function metricNamesQuoted(markdown: string, exposedFamilies: ReadonlySet<string>): { name: string; family: string }[];
export function brokenLinks(root: string): string[];
export function missingCommands(root: string): string[];
export function unknownVariables(root: string): string[];
export function unlistedDecisions(root: string): string[];
export function decisionsMissingSections(root: string): string[];
export function requiredDecisionSections(root: string): string[];
export function readmeTypeErrors(root: string, packageDir: string): string[];
