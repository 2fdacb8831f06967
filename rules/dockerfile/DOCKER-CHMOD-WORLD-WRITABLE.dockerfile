# Examples for DOCKER-CHMOD-WORLD-WRITABLE: permissions given to files and directories of an image.
FROM python:3.12-slim
RUN useradd --create-home --uid 10001 app
COPY . /srv/app

# ruleid: DOCKER-CHMOD-WORLD-WRITABLE
RUN chmod -R 777 /srv/app

RUN mkdir -p /srv/app/uploads /var/log/app \
    # ruleid: DOCKER-CHMOD-WORLD-WRITABLE
    && chmod 0777 /srv/app/uploads /var/log/app

# ruleid: DOCKER-CHMOD-WORLD-WRITABLE
RUN touch /var/run/docker.sock && chmod 666 /var/run/docker.sock

# ruleid: DOCKER-CHMOD-WORLD-WRITABLE
RUN chmod a+rwx /usr/local/bin/entrypoint.sh

# ruleid: DOCKER-CHMOD-WORLD-WRITABLE
RUN find /srv/app/cache -type d -exec chmod o+w {} +

# ruleid: DOCKER-CHMOD-WORLD-WRITABLE
COPY --chown=root:root --chmod=777 docker/entrypoint.sh /usr/local/bin/entrypoint.sh

# ruleid: DOCKER-CHMOD-WORLD-WRITABLE
RUN chmod -R u+rwX,go+w /srv/app/static

# ruleid: DOCKER-CHMOD-WORLD-WRITABLE
RUN ["chmod", "-R", "0777", "/srv/app/data"]

# ok: DOCKER-CHMOD-WORLD-WRITABLE
RUN chmod -R g=u /srv/app && chmod 2775 /srv/app/shared

# ok: DOCKER-CHMOD-WORLD-WRITABLE
RUN chmod 755 /usr/local/bin/entrypoint.sh && chmod 644 /srv/app/config.toml

# ok: DOCKER-CHMOD-WORLD-WRITABLE
RUN chmod +x /usr/local/bin/entrypoint.sh && chmod -R u=rwX,go=rX /srv/app

# ok: DOCKER-CHMOD-WORLD-WRITABLE
RUN mkdir -p /srv/app/tmp && chmod 1777 /srv/app/tmp

# ok: DOCKER-CHMOD-WORLD-WRITABLE
RUN chmod -R g+w /srv/app/uploads && chmod o-w /srv/app

# ok: DOCKER-CHMOD-WORLD-WRITABLE
COPY --chown=app:app --chmod=755 docker/entrypoint.sh /usr/local/bin/entrypoint.sh

# ok: DOCKER-CHMOD-WORLD-WRITABLE
RUN chmod 0700 /home/app/.ssh && chmod 600 /home/app/.ssh/authorized_keys

USER app
