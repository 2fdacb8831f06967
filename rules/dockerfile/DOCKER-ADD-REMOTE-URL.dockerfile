# syntax=docker/dockerfile:1
# Examples for DOCKER-ADD-REMOTE-URL: remote ADD with and without a checksum.
FROM debian:bookworm-slim

# ruleid: DOCKER-ADD-REMOTE-URL
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /sbin/tini

# ruleid: DOCKER-ADD-REMOTE-URL
ADD --chmod=755 https://dl.k8s.io/release/v1.31.0/bin/linux/amd64/kubectl /usr/local/bin/kubectl

# ruleid: DOCKER-ADD-REMOTE-URL
ADD http://downloads.example.org/agent/latest/agent.tar.gz /opt/

# ruleid: DOCKER-ADD-REMOTE-URL
ADD https://github.com/acme/config.git#main /etc/acme

# ok: DOCKER-ADD-REMOTE-URL
ADD --checksum=sha256:c5b0666b4cb676901f90dfcb37106783c5fe2077b04590973b885950611b30ee https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /sbin/tini

# ok: DOCKER-ADD-REMOTE-URL
ADD vendor/agent.tar.gz /opt/

# ok: DOCKER-ADD-REMOTE-URL
ADD https://github.com/acme/config.git#3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a /etc/acme

# ok: DOCKER-ADD-REMOTE-URL
COPY --from=build /src/dist https://docs.example.org/not-a-download/
