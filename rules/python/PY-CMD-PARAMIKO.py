import shlex

import paramiko
from paramiko import SSHClient

SERVICES = {"nginx", "postgresql", "app"}


def tail_log(host, service):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.connect(host, username="deploy")
    # ruleid: PY-CMD-PARAMIKO
    _, stdout, _ = client.exec_command(f"tail -n 100 /var/log/{service}.log")
    return stdout.read()


def disk_usage(client: SSHClient, path):
    # ruleid: PY-CMD-PARAMIKO
    stdin, stdout, stderr = client.exec_command("du -sh " + path)
    return stdout.read().decode()


def deploy(ssh, branch):
    cmd = "cd /srv/app && git checkout %s && make deploy" % branch
    # ruleid: PY-CMD-PARAMIKO
    ssh.exec_command(cmd)


def run_on(transport, user_cmd):
    channel = transport.open_session()
    # ruleid: PY-CMD-PARAMIKO
    channel.exec_command(command=user_cmd)


def uptime(client):
    # ok: PY-CMD-PARAMIKO
    _, stdout, _ = client.exec_command("uptime")
    return stdout.read()


def disk_usage_safe(client, path):
    # ok: PY-CMD-PARAMIKO
    _, stdout, _ = client.exec_command("du -sh " + shlex.quote(path))
    return stdout.read()


def restart(client, service):
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}")
    # ok: PY-CMD-PARAMIKO
    client.exec_command(f"sudo systemctl restart {service}")


def kill(client, pid):
    # ok: PY-CMD-PARAMIKO
    client.exec_command("kill -TERM %d" % pid)


class ClusterSession:
    def __init__(self, host, user):
        self.user = user
        self.client = paramiko.SSHClient()
        self.client.load_system_host_keys()
        self.client.connect(host, username=user)

    def run(self, cmd: str) -> str:
        _stdin, stdout, _stderr = self.client.exec_command(cmd, timeout=60)
        return stdout.read().decode()

    def queue(self) -> str:
        # ok: PY-CMD-PARAMIKO
        return self.run("squeue -h -u " + shlex.quote(self.user))

    def submit(self, name, partition, script_path) -> str:
        cmd = f"sbatch --job-name={name} -p {partition} {script_path}"
        # ruleid: PY-CMD-PARAMIKO
        return self.run(cmd)

    def status(self) -> str:
        # ok: PY-CMD-PARAMIKO
        return self.run("sinfo -s")
