# Examples for DOCKER-FROM-LATEST: a multi-stage build and the images its stages start from.
# ruleid: DOCKER-FROM-LATEST
FROM --platform=$BUILDPLATFORM tonistiigi/xx AS xx

# ok: DOCKER-FROM-LATEST
FROM node:20-bookworm AS base
WORKDIR /app

# ok: DOCKER-FROM-LATEST
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci

# ok: DOCKER-FROM-LATEST
FROM base as build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

# ruleid: DOCKER-FROM-LATEST
FROM golang AS migrate
RUN go install github.com/pressly/goose/v3/cmd/goose@v3.22.1

# ruleid: DOCKER-FROM-LATEST
FROM ghcr.io/acme/platform/node-runtime:latest AS runtime-base

# ok: DOCKER-FROM-LATEST
FROM deps AS test
RUN npm test

# ruleid: DOCKER-FROM-LATEST
FROM nginx
COPY --from=build /app/dist /usr/share/nginx/html

# ok: DOCKER-FROM-LATEST
FROM gcr.io/distroless/static-debian12@sha256:8dd8d3ca2cf283383304fd45a5c9c74d5f2cd9da8d3b077d720e264880077c65 AS static

# ok: DOCKER-FROM-LATEST
FROM scratch
COPY --from=migrate /go/bin/goose /goose

ARG RUNTIME_IMAGE=node:20-bookworm-slim
# ok: DOCKER-FROM-LATEST
FROM ${RUNTIME_IMAGE}
# ok: DOCKER-FROM-LATEST
COPY --from=build /app/dist /srv/www
