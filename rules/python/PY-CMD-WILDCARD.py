import os
import subprocess
import subprocess as sp
from os import popen


def backup_uploads():
    # ruleid: PY-CMD-WILDCARD
    os.system("cd /srv/uploads && tar czf /backup/uploads.tgz *")


def fix_permissions():
    # ruleid: PY-CMD-WILDCARD
    subprocess.call("chown -R www-data:www-data *", shell=True)


def make_private():
    # ruleid: PY-CMD-WILDCARD
    sp.Popen("chmod 600 *", shell=True)


def sync():
    # ruleid: PY-CMD-WILDCARD
    popen("rsync -a * backup@archive:/srv/")


def backup_list():
    # no shell: nothing expands the *, tar gets a file literally named "*"
    # ok: PY-CMD-WILDCARD
    subprocess.run(["tar", "czf", "/backup/uploads.tgz", "*"], cwd="/srv/uploads")


def backup_dir():
    # ok: PY-CMD-WILDCARD
    os.system("tar czf /backup/uploads.tgz -C /srv/uploads .")


def list_files():
    # ok: PY-CMD-WILDCARD
    os.system("ls -l /srv/uploads")
