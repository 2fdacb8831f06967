# Examples for DOCKER-SECRET-ENV-ARG: secrets baked into ENV/ARG, and the ways to pass them safely.
FROM python:3.12-slim AS build

# ruleid: DOCKER-SECRET-ENV-ARG
ARG PIP_INDEX_TOKEN=Zk9rT2x3cE1uQ2tWb1hUdzVt

# ruleid: DOCKER-SECRET-ENV-ARG
ENV AWS_SECRET_ACCESS_KEY=wJ7rXUtnFEMI/K7MDENG/bPxRfiCYq8VnL2wXk4R

# ruleid: DOCKER-SECRET-ENV-ARG
ENV DATABASE_PASSWORD "S3cure-Prod-2024!"

# ruleid: DOCKER-SECRET-ENV-ARG
ENV APP_ENV=production DJANGO_SECRET_KEY=m8#q2v!x7k$zp4@rl9w1

# ok: DOCKER-SECRET-ENV-ARG
ARG NPM_TOKEN

# ok: DOCKER-SECRET-ENV-ARG
ENV DATABASE_PASSWORD_FILE=/run/secrets/db_password

# ok: DOCKER-SECRET-ENV-ARG
ENV GITHUB_TOKEN=${GITHUB_TOKEN}

# ok: DOCKER-SECRET-ENV-ARG
ENV ADMIN_PASSWORD=changeme

# ok: DOCKER-SECRET-ENV-ARG
ENV TOKEN_URL=https://auth.example.com/oauth/token

# ok: DOCKER-SECRET-ENV-ARG
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
