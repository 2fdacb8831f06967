import os
import shlex
import subprocess
from os import popen, system

from django.http import HttpResponse

THUMB_SIZE = "128x128"
UPLOAD_DIR = "/srv/uploads"


def thumbnail(filename):
    # ruleid: PY-CMD-OS-SYSTEM
    os.system("convert %s -resize %s thumb.png" % (filename, THUMB_SIZE))


def whois(request):
    domain = request.GET.get("domain", "")
    # ruleid: PY-CMD-OS-SYSTEM
    output = os.popen(f"whois {domain}").read()
    return HttpResponse(output, content_type="text/plain")


def disk_usage(path):
    # ruleid: PY-CMD-OS-SYSTEM
    return subprocess.getoutput("du -sh " + path)


def send_mail(recipient, subject):
    cmd = 'mail -s "{}" {} < /tmp/body.txt'.format(subject, recipient)
    # ruleid: PY-CMD-OS-SYSTEM
    return system(cmd)


def grep(pattern, logfile):
    # ruleid: PY-CMD-OS-SYSTEM
    status, out = subprocess.getstatusoutput(f"grep -c {pattern} {logfile}")
    return out


def clear_screen():
    # ok: PY-CMD-OS-SYSTEM
    os.system("clear")


def cleanup():
    # ok: PY-CMD-OS-SYSTEM
    os.system(f"rm -rf {UPLOAD_DIR}/tmp-*")


def stop(pid):
    # ok: PY-CMD-OS-SYSTEM
    os.system(f"kill -TERM {int(pid)}")


def list_dir(path):
    # ok: PY-CMD-OS-SYSTEM
    return popen("ls -la " + shlex.quote(path)).read()


def thumbnail_safe(filename):
    # ok: PY-CMD-OS-SYSTEM
    subprocess.run(["convert", os.path.join(UPLOAD_DIR, filename), "-resize", THUMB_SIZE, "thumb.png"], check=True)
