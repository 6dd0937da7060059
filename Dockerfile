# Concord's services and command line, built once and run on plain node as a non-root user.
# One image for every role: `concord up` (a local trial), `agency-main.mjs` (an agency's services),
# or a single service (`planning.mjs`, `tasking.mjs`, `intel.mjs`, `debrief.mjs`, `identity.mjs`).
#   docker build -t concord .
#   docker run --rm concord --help
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
COPY proto ./proto
COPY scripts ./scripts
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# Services load the contracts' .proto files for server reflection; each console serves the built web app.
COPY --from=build /src/proto ./proto
COPY --from=build /src/services/console/package.json ./services/console/package.json
COPY --from=build /src/services/console/web/dist ./services/console/web/dist
COPY deploy ./deploy
USER node
ENTRYPOINT ["node", "/app/dist/concord.mjs"]
CMD ["--help"]
