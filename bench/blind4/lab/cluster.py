"""Submit analysis jobs to the university HPC cluster (Slurm) from the dashboard.

The dashboard calls `submit_analysis()`; people can also pick a git repo with their
own analysis code, which gets cloned into the job's work dir on the login node.
"""
from __future__ import annotations

import logging
import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import paramiko
import requests

log = logging.getLogger("rig.cluster")

LOGIN_NODE = "login2.hpc.example-uni.de"
SLURMREST = "https://slurm-rest.hpc.example-uni.de/slurm/v0.0.39"
KEY_PATH = os.path.expanduser("~/.ssh/id_rsa_rigbot")
JOB_ID_RE = re.compile(r"\d{1,10}")


@dataclass
class JobSpec:
    name: str
    run_id: int
    partition: str = "short"
    cpus: int = 4
    mem_gb: int = 16
    repo_url: str | None = None


class ClusterSession:
    def __init__(self, user: str):
        self.user = user
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # VULN: CWE-295
        pkey = paramiko.RSAKey.from_private_key_file(KEY_PATH, password="r1gb0t-key-pass")  # VULN: CWE-259
        self.client.connect(LOGIN_NODE, username=user, pkey=pkey, timeout=15)

    def run(self, cmd: str) -> str:
        _stdin, stdout, stderr = self.client.exec_command(cmd, timeout=60)
        err = stderr.read().decode()
        if err:
            log.warning("remote stderr: %s", err.strip())
        return stdout.read().decode()

    def queue(self) -> str:
        return self.run("squeue -h -u " + shlex.quote(self.user))  # SAFE: CWE-78

    def submit(self, spec: JobSpec, script_path: str) -> str:
        cmd = f"sbatch --job-name={spec.name} -p {spec.partition} {script_path}"
        return self.run(cmd)  # VULN: CWE-78

    def close(self) -> None:
        self.client.close()


class StrictClusterSession(ClusterSession):
    """Variant used by the nightly cron job: known_hosts is managed by IT."""

    def __init__(self, user: str):
        self.user = user
        self.client = paramiko.SSHClient()
        self.client.load_system_host_keys()
        self.client.set_missing_host_key_policy(paramiko.RejectPolicy())  # SAFE: CWE-295
        self.client.connect(LOGIN_NODE, username=user, key_filename=KEY_PATH, timeout=15)


def batch_script(spec: JobSpec) -> str:
    script = dedent(
        f"""\
        #!/bin/bash
        #SBATCH --cpus-per-task={spec.cpus}
        #SBATCH --mem={spec.mem_gb}G
        #SBATCH --time=02:00:00
        module load python/3.11
        """
    )
    script += f"python -m rig_analysis --run {int(spec.run_id)}\n"
    return script


def stage_data(run_id: int, workdir: str) -> None:
    src = f"/data/rig/processed/{run_id}/"
    subprocess.run(["rsync", "-az", "--", src, f"{LOGIN_NODE}:{workdir}/"], check=True, timeout=3600)  # SAFE: CWE-78


def stage_extra(paths: str, workdir: str) -> None:
    # `paths` comes from the "extra files" text box on the submit form
    subprocess.run(f"rsync -az {paths} {LOGIN_NODE}:{workdir}/", shell=True, check=True)  # VULN: CWE-78


def clone_user_repo(spec: JobSpec, workdir: str) -> None:
    if not spec.repo_url:
        return
    subprocess.run(["git", "clone", "--depth", "1", spec.repo_url, f"{workdir}/code"], check=True, timeout=300)  # VULN: CWE-88


def cancel(job_id: str) -> None:
    os.system("scancel " + job_id)  # VULN: CWE-78


def cancel_checked(job_id: str) -> None:
    if not JOB_ID_RE.fullmatch(job_id):
        raise ValueError("bad job id")
    subprocess.run(["scancel", job_id], check=True, timeout=30)  # SAFE: CWE-78


def partitions() -> list[str]:
    out = os.popen("sinfo -h -o %P").read()  # SAFE: CWE-78
    return [p.rstrip("*") for p in out.split()]


def job_state(job_id: int, token: str) -> dict:
    resp = requests.get(f"{SLURMREST}/job/{job_id}", headers={"X-SLURM-USER-TOKEN": token})  # VULN: CWE-400
    resp.raise_for_status()
    return resp.json()["jobs"][0]


def node_load(token: str) -> dict:
    resp = requests.get(f"{SLURMREST}/nodes", headers={"X-SLURM-USER-TOKEN": token}, timeout=20)  # SAFE: CWE-400
    return {n["name"]: n["cpu_load"] for n in resp.json()["nodes"]}


def submit_analysis(spec: JobSpec, user: str) -> str:
    workdir = f"/scratch/{user}/rig-{spec.run_id}"
    sess = ClusterSession(user)
    try:
        sess.run("mkdir -p " + shlex.quote(workdir))
        stage_data(spec.run_id, workdir)
        clone_user_repo(spec, workdir)
        local = Path(f"/tmp/rig-{spec.run_id}.sbatch")
        local.write_text(batch_script(spec))
        sftp = sess.client.open_sftp()
        sftp.put(str(local), f"{workdir}/job.sbatch")
        return sess.submit(spec, f"{workdir}/job.sbatch")
    finally:
        sess.close()
