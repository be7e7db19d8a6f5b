import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { expect } from 'chai';

import { parseEnvFile } from '../smoke-lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');

describe('base-images.sh --names', () => {
  let names;
  before(async () => {
    // --names touches no Docker engine: it reads the names from the Dockerfile and the compose file.
    const { stdout } = await promisify(execFile)('bash', [join(HERE, '..', 'base-images.sh'), '--names']);
    names = parseEnvFile(stdout);
  });

  it("tags the Node.js stand-in with the Dockerfile's base image name", () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const version = /^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile)?.[1];
    expect(dockerfile).to.contain('FROM node:${NODE_VERSION}-bookworm-slim AS build');
    expect(names.NODE_IMAGE).to.equal(`node:${version}-bookworm-slim`);
  });

  it("takes PostgreSQL's and Redis's official names from the compose file's defaults", () => {
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(compose).to.contain(`image: \${PROJ_POSTGRES_IMAGE:-${names.PROJ_POSTGRES_IMAGE}}`);
    expect(compose).to.contain(`image: \${PROJ_REDIS_IMAGE:-${names.PROJ_REDIS_IMAGE}}`);
  });

  it('names the PostgreSQL and Redis stand-ins for what they are, not with the official tags', () => {
    expect(names.LOCAL_POSTGRES_IMAGE).to.match(/^proj-local\/postgres:\d+-bookworm$/);
    expect(names.LOCAL_REDIS_IMAGE).to.match(/^proj-local\/redis:\d+-bookworm$/);
    expect(names.LOCAL_POSTGRES_IMAGE).not.to.equal(names.PROJ_POSTGRES_IMAGE);
  });
});
