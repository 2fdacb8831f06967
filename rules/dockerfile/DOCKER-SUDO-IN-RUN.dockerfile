# Examples for DOCKER-SUDO-IN-RUN: a development image that gives its user sudo.
FROM ubuntu:24.04

# ok: DOCKER-SUDO-IN-RUN
RUN apt-get update && apt-get install -y --no-install-recommends \
        ca-certificates \
        curl \
        # ok: DOCKER-SUDO-IN-RUN
        sudo \
    # ok: DOCKER-SUDO-IN-RUN
    && useradd --create-home --shell /bin/bash dev && usermod -aG sudo dev \
    # ok: DOCKER-SUDO-IN-RUN
    && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev && chmod 0440 /etc/sudoers.d/dev

USER dev
WORKDIR /home/dev

# ruleid: DOCKER-SUDO-IN-RUN
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends build-essential

RUN curl -fsSLo /tmp/node.tar.xz https://nodejs.org/dist/v20.18.0/node-v20.18.0-linux-x64.tar.xz \
    # ruleid: DOCKER-SUDO-IN-RUN
    && sudo tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1

# ruleid: DOCKER-SUDO-IN-RUN
RUN echo "fs.inotify.max_user_watches=524288" | sudo tee -a /etc/sysctl.conf

# ruleid: DOCKER-SUDO-IN-RUN
RUN ["sudo", "npm", "install", "-g", "pnpm@9.12.0"]

# ruleid: DOCKER-SUDO-IN-RUN
RUN --mount=type=cache,target=/var/cache/apt sudo -E apt-get install -y git

# ok: DOCKER-SUDO-IN-RUN
RUN echo "Use 'sudo' only in the dev container" > /home/dev/README

USER root
# ok: DOCKER-SUDO-IN-RUN
RUN apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*
USER dev
