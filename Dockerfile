FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/apps/api/schema.gql ./apps/api/schema.gql
USER node
EXPOSE 3000
# --heap-growing-percent: see API_NODE_FLAGS in bench/chaos/api-process.ts and docs/scaling.md
CMD ["node", "--heap-growing-percent=25", "dist/apps/api/src/main.js"]
