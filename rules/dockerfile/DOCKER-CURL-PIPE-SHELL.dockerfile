# Examples for DOCKER-CURL-PIPE-SHELL: installers piped into a shell, and the checked alternative.
FROM ubuntu:22.04

# ruleid: DOCKER-CURL-PIPE-SHELL
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -

RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    # ruleid: DOCKER-CURL-PIPE-SHELL
    && curl -sSL https://install.python-poetry.org | python3 - \
    && rm -rf /var/lib/apt/lists/*

# ruleid: DOCKER-CURL-PIPE-SHELL
RUN wget -qO- https://get.docker.com | sudo sh

# ruleid: DOCKER-CURL-PIPE-SHELL
RUN curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal

# ok: DOCKER-CURL-PIPE-SHELL
RUN curl -fsSLo /tmp/uv.sh https://astral.sh/uv/0.4.18/install.sh \
    && echo "c5c6b8e9a7a6d1c3f2e4b5a6d7c8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6  /tmp/uv.sh" | sha256sum -c - \
    && sh /tmp/uv.sh && rm /tmp/uv.sh

# ok: DOCKER-CURL-PIPE-SHELL
RUN curl -fsSL https://github.com/cli/cli/releases/download/v2.58.0/gh_2.58.0_linux_amd64.tar.gz | tar -xz -C /opt

# ok: DOCKER-CURL-PIPE-SHELL
RUN curl -fsSL https://download.docker.com/linux/ubuntu/gpg | gpg --dearmor -o /etc/apt/keyrings/docker.gpg

# ok: DOCKER-CURL-PIPE-SHELL
RUN curl -fsS http://localhost:8080/health || exit 1
