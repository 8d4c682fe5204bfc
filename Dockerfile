# The application image: the API (`npm run api`), a worker (`npm run worker`) or the migrations
# (`npm run migrate`), by command. The runtime stage holds production dependencies only (a test
# installs the same set into a scratch copy and runs a heartbeat with it) and runs as a user
# without privileges.

# Dependencies, installed where build tools are at hand.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# The runtime: the slim image, the production dependencies and the source.
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production API_HOST=0.0.0.0 HEALTH_URL=http://127.0.0.1:3000/readyz
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node . .
USER node
EXPOSE 3000 9464
# The API answers /readyz on its port, a worker on its metrics port (HEALTH_URL says which).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.HEALTH_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "run", "api"]
