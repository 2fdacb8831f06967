# Examples for DOCKER-USER-ROOT: who the container finally runs as, stage by stage.
FROM golang:1.23 AS build
# ok: DOCKER-USER-ROOT
USER root
RUN go build -o /out/api ./cmd/api

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 app
COPY --from=build /out/api /usr/local/bin/api
# ruleid: DOCKER-USER-ROOT
USER root
CMD ["api"]

FROM nginx:1.27-alpine
# ok: DOCKER-USER-ROOT
USER root
RUN apk add --no-cache curl
USER nginx
EXPOSE 8080

FROM python:3.12-slim
RUN pip install --no-cache-dir gunicorn
# ruleid: DOCKER-USER-ROOT
USER 0:0
ENTRYPOINT ["gunicorn", "app:app"]

FROM python:3.12-slim AS runtime
RUN useradd --create-home app
USER app
COPY . /srv/app
# ruleid: DOCKER-USER-ROOT
USER root
CMD ["python", "/srv/app/main.py"]
