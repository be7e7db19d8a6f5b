// Markdown table rows fit a reader's screen. Prettier pads every cell of a column to its widest, so
// one long cell makes every row of its table that wide: keep cells short and put the detail in a
// list or in the text under the table. Decision records are history and are left as written.
import { markdownFiles, read, withoutCodeBlocks } from './markdown.js';

/** The widest a table row may be, in characters. */
const MAX_TABLE_ROW_WIDTH = 120;

const TABLE_ROW = /^\s*\|/;

/**
 * Table rows of the repository's Markdown (decision records left out) longer than `maxWidth`
 * characters, as `file:line: N characters`.
 */
export function wideTableRows(root, maxWidth = MAX_TABLE_ROW_WIDTH) {
  return markdownFiles(root)
    .filter((file) => !file.startsWith('docs/decisions/'))
    .flatMap((file) =>
      withoutCodeBlocks(read(root, file))
        .split('\n')
        .flatMap((line, index) => {
          const width = [...line].length;
          return TABLE_ROW.test(line) && width > maxWidth ? [`${file}:${index + 1}: ${width} characters`] : [];
        }),
    );
}
