import paramiko
from paramiko import AutoAddPolicy, SSHClient, WarningPolicy
from paramiko.client import RejectPolicy


def run_remote(host, user, key_file, command):
    client = paramiko.SSHClient()
    # ruleid: PY-SSH-NO-HOST-KEY
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(host, username=user, key_filename=key_file)
    return client.exec_command(command)


def deploy(host):
    ssh = SSHClient()
    # ruleid: PY-SSH-NO-HOST-KEY
    ssh.set_missing_host_key_policy(AutoAddPolicy)
    ssh.connect(host)
    return ssh


def warn_only(host):
    ssh = SSHClient()
    # ruleid: PY-SSH-NO-HOST-KEY
    ssh.set_missing_host_key_policy(WarningPolicy())
    ssh.connect(host)
    return ssh


def strict(host, user):
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    # ok: PY-SSH-NO-HOST-KEY
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=user)
    return client


def strict_default(host):
    client = SSHClient()
    # ok: PY-SSH-NO-HOST-KEY
    client.load_host_keys("/etc/myapp/known_hosts")
    # ok: PY-SSH-NO-HOST-KEY
    client.set_missing_host_key_policy(RejectPolicy())
    client.connect(host)
    return client
