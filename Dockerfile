# syntax=docker/dockerfile:1
# The checkout service: compiled in one stage, run from a slim image with production
# dependencies only, as the unprivileged `node` user.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs its install script (see "allowScripts" in package.json): the native
# binaries of esbuild and SWC come as platform packages. The flag also holds for an npm that
# predates allowScripts, which would run them all.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY scripts ./scripts
COPY src ./src
# The embedded database's template is a data directory and the same as a tarball; the service
# on disk copies the directory, only in-memory databases (the tests) load the tarball.
RUN npm run build && rm node_modules/.cache/checkout-service/*/pgdata.tar

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
# TypeScript is an optional peer of @nestjs/swagger (for its build-time plugin), so npm installs
# it with the production dependencies unless optional ones are left out; the only other one is
# pg-cloudflare, for Cloudflare Workers.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Code and dependencies stay owned by root: the service can read them, not rewrite them. Only the
# embedded database's directory (used when DATABASE_URL is unset) is writable.
COPY --from=production-deps /app/node_modules ./node_modules
# The bundle alone (with its source map and licences): it holds all of dist/src.
COPY --from=build /app/dist/server.js* ./dist/
# The embedded database's template (schema included), made by `npm run build`: a new data
# directory is a copy of it.
COPY --from=build /app/node_modules/.cache/checkout-service ./node_modules/.cache/checkout-service
COPY package.json asyncapi.yaml ./
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm wrapper), so SIGTERM reaches the graceful shutdown directly.
# The node flags of `npm run start:prod` (the bench runs the service with them too). The heap cap
# makes V8 collect before garbage piles up: peak RSS under load 170–210 MB instead of ~255 MB, for
# ~55 MB of live heap.
CMD ["node", "--max-old-space-size=192", "dist/server.js"]
