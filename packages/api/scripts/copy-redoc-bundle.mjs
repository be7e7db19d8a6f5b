// Build step: copies ReDoc's standalone bundle (and the license notice it points to) into
// dist/assets, where the docs router serves it from. The published package and the production
// image then carry one 1 MB file instead of redoc's whole React dependency tree.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const bundle = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
mkdirSync('dist/assets', { recursive: true });
for (const file of [bundle, `${bundle}.LICENSE.txt`]) copyFileSync(file, `dist/assets/${basename(file)}`);
