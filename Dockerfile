# Production image of the server: `docker build -t proj-server .` (see docs/operations.md).
# Stage 1 compiles the workspace; `pnpm deploy` then copies @proj/server with its production
# dependencies only (the @proj/* layers as packed packages, no dev or optional dependencies, so no
# embedded PostgreSQL binaries); stage 2 runs it as an unprivileged user.
# No `# syntax=` line on purpose: it makes BuildKit pull a frontend image from a registry before
# building, which fails on a machine without one; the built-in frontend understands this file, and
# the legacy builder ignores that line anyway.

ARG NODE_VERSION=20.20.2
ARG PNPM_VERSION=12.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS build
ARG PNPM_VERSION
ENV CI=true
RUN npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}"
WORKDIR /repo
# Every package the lockfile names, into pnpm's store from the lockfile alone (`pnpm fetch`, with
# optional dependencies: the build tools' platform binaries, esbuild's and turbo's, come from the
# lockfile, not from a download at build time). Only a lockfile or workspace settings change
# downloads again.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
# The workspace's manifests only (a unit test of apps/server checks that every package's is here),
# linked from the store without the network: a change to sources or to tooling scripts keeps this
# layer, a manifest change relinks without downloading. Nothing else from tooling/: the only other
# files install would link, the proj-arch and proj-coverage bins, serve the checks, not the build.
COPY package.json ./
COPY apps/bench/package.json apps/bench/
COPY apps/server/package.json apps/server/
COPY packages/domain/package.json packages/domain/
COPY packages/application/package.json packages/application/
COPY packages/infra/package.json packages/infra/
COPY packages/api/package.json packages/api/
COPY packages/client/package.json packages/client/
COPY tooling/architecture/package.json tooling/architecture/
COPY tooling/bootstrap/package.json tooling/bootstrap/
COPY tooling/ci/package.json tooling/ci/
COPY tooling/compose/package.json tooling/compose/
COPY tooling/coverage-gates/package.json tooling/coverage-gates/
COPY tooling/docker/package.json tooling/docker/
COPY tooling/docs-check/package.json tooling/docs-check/
COPY tooling/eslint/package.json tooling/eslint/
COPY tooling/mocha/package.json tooling/mocha/
COPY tooling/packaging/package.json tooling/packaging/
COPY tooling/prettier/package.json tooling/prettier/
COPY tooling/typescript/package.json tooling/typescript/
RUN pnpm install --frozen-lockfile --offline
COPY . .
# The server and the layers it imports only (not the bench); the runtime stage gets no optional
# dependency, so no embedded PostgreSQL binaries, and no type package: `@proj/api` declares
# `@types/express` as a dependency for the users of its published declarations, and some
# dependencies declare theirs (`@types/pg`, `@types/triple-beam`); nothing loads them at run time.
RUN pnpm exec turbo run build --filter=@proj/server... --output-logs=errors-only \
 && pnpm --filter @proj/server deploy --prod --no-optional /out \
 && rm -rf /out/node_modules/.pnpm/@types+* \
 && find /out/node_modules -type d -path '*/node_modules/@types' -prune -exec rm -rf {} +

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# The V8 heap limit keeps a process (each worker, with PROJ_WORKERS) near 135 MB of RSS under
# load instead of growing to fit the machine's memory (see docs/performance.md); raise it with
# NODE_OPTIONS for large PROJ_BODY_LIMITs or many concurrent connections.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=128 \
    PROJ_ENV=production \
    PROJ_HOST=0.0.0.0 \
    PROJ_PORT=3000
WORKDIR /app
# Owned by root and read-only for the user that runs it: the service writes nothing to disk.
COPY --from=build /out/package.json ./package.json
COPY --from=build /out/dist ./dist
COPY --from=build /out/node_modules ./node_modules
USER node
EXPOSE 3000
# Liveness only: a database outage must not mark the container for a restart (readiness tells a
# load balancer to stop sending traffic instead; see docs/operations.md).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PROJ_PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM and SIGINT itself (graceful shutdown); with PROJ_WORKERS > 1
# it forks the workers and stops them itself (they inherit these flags).
# --heap-growing-percent=100 (decision 0135): under the heap limit above, V8 lets the old generation
# grow only about 10 % past what is live before its next full collection; 100 % halves (or better)
# the full collections per request for about 20 MB more RSS. NODE_OPTIONS does not take this flag.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "--heap-growing-percent=100", "dist/main.js"]
