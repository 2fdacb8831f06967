import subprocess
import subprocess as sp
from subprocess import check_output

DEPLOY_CMDS = {"status": "git status --short", "pull": "git pull --ff-only"}
LOG_DIR = "/var/log/app"


def git_status():
    # ruleid: PY-CMD-SHELL-LITERAL
    return subprocess.run(["git", "status", "--short"], capture_output=True, text=True)


def disk_usage():
    # ruleid: PY-CMD-SHELL-LITERAL
    return check_output(['df', '-h', '/'])


def rotate():
    # ruleid: PY-CMD-SHELL-LITERAL
    sp.call(f"gzip {LOG_DIR}/*.log", shell=True)


def deploy(action):
    # ruleid: PY-CMD-SHELL-LITERAL
    sp.check_call(DEPLOY_CMDS[action], shell=True)


def uptime():
    # ruleid: PY-CMD-SHELL-LITERAL
    proc = subprocess.Popen(args=["uptime"], stdout=subprocess.PIPE)
    return proc.communicate()[0]


def clean_build():
    # ruleid: PY-CMD-SHELL-LITERAL
    subprocess.run("cd build && make clean", shell=True, check=True)


def git_status_list():
    # ok: PY-CMD-SHELL-LITERAL
    return subprocess.run(["git", "status", "--short"], capture_output=True, text=True)


def disk_usage_no_shell():
    # ok: PY-CMD-SHELL-LITERAL
    return check_output("df", shell=False)


def show(path):
    # ok: PY-CMD-SHELL-LITERAL
    return subprocess.run(["ls", "-l", path])


def run_script(script):
    # a built command is PY-CMD-SHELL, not this rule
    # ok: PY-CMD-SHELL-LITERAL
    return subprocess.run(f"bash {script}", shell=True)
