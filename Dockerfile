# syntax=docker/dockerfile:1
# The checkout service: compiled in one stage, run from a slim image with production
# dependencies only, as the unprivileged `node` user.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
# Code and dependencies stay owned by root: the service can read them, not rewrite them. Only the
# embedded database's directory (used when DATABASE_URL is unset) is writable.
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
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
