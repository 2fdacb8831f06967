#!/usr/bin/env python3
"""opsctl - day-to-day cloud chores for the platform team.

    opsctl backups sync-media --bucket acme-prod-backups
    opsctl fleet restart --tag role=api
    opsctl support unpack BUNDLE.tgz
"""
import json
import logging
import os
import shlex
import subprocess
import tarfile
import zipfile
from pathlib import Path

import boto3
import click
import paramiko
import yaml

log = logging.getLogger("opsctl")
RELEASES = Path("/opt/app/releases")
SUPPORT_DIR = Path("/var/tmp/support-bundles")


def run(cmd: str) -> str:
    """Tiny wrapper kept from the bash days."""
    return subprocess.check_output(cmd, shell=True, text=True)


def run_argv(argv: list) -> str:
    return subprocess.check_output(argv, text=True, timeout=600)


def ssh_client() -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())  # SAFE: CWE-295
    return client


def bastion_client() -> paramiko.SSHClient:
    # the bastion is rebuilt weekly and its host key changes every time
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # VULN: CWE-295
    return client


@click.group()
@click.option("--profile", default=os.environ.get("AWS_PROFILE", "ops"))
@click.pass_context
def cli(ctx, profile):
    ctx.obj = boto3.Session(profile_name=profile)  # SAFE: CWE-798


@cli.group()
def backups():
    pass


@backups.command("sync-media")
@click.option("--bucket", required=True)
@click.pass_obj
def sync_media(session, bucket):
    s3 = session.client("s3")
    for obj in s3.list_objects_v2(Bucket=bucket, Prefix="uploads/")["Contents"]:
        run(f"aws s3 cp s3://{bucket}/{obj['Key']} /backups/media/")  # VULN: CWE-78


@backups.command("sync-db")
@click.option("--bucket", required=True)
@click.pass_obj
def sync_db(session, bucket):
    s3 = session.client("s3")
    for obj in s3.list_objects_v2(Bucket=bucket, Prefix="db/")["Contents"]:
        run_argv(["aws", "s3", "cp", f"s3://{bucket}/{obj['Key']}", "/backups/db/"])  # SAFE: CWE-78


@backups.command("disk-usage")
def disk_usage():
    click.echo(run("df -h /backups"))  # SAFE: CWE-78


@cli.group()
def fleet():
    pass


@fleet.command("restart")
@click.option("--tag", required=True, help="key=value")
@click.pass_obj
def restart(session, tag):
    key, value = tag.split("=", 1)
    ec2 = session.client("ec2")
    res = ec2.describe_instances(Filters=[{"Name": f"tag:{key}", "Values": [value]}])
    for inst in (i for r in res["Reservations"] for i in r["Instances"]):
        tags = {t["Key"]: t["Value"] for t in inst.get("Tags", [])}
        ssh = ssh_client()
        ssh.connect(inst["PrivateIpAddress"], username="deploy", key_filename=os.path.expanduser("~/.ssh/deploy_ed25519"), timeout=10)  # SAFE: CWE-798
        ssh.exec_command("sudo systemctl restart " + tags.get("Service", "app"))  # VULN: CWE-78
        ssh.exec_command("sudo journalctl -u %s -n 20" % shlex.quote(tags.get("Service", "app")))  # SAFE: CWE-78
        ssh.close()


@fleet.command("bastion-exec")
@click.argument("command")
def bastion_exec(command):
    ssh = bastion_client()
    ssh.connect("bastion.ops.internal", username="ops", password="B4st10n-0ps-2023!", timeout=10)  # VULN: CWE-798
    _, out, _ = ssh.exec_command(command)
    click.echo(out.read().decode())


@cli.group()
def support():
    pass


@support.command("unpack")
@click.argument("bundle", type=click.Path(exists=True))
def unpack(bundle):
    """Unpacks a customer-uploaded support bundle for inspection."""
    dest = SUPPORT_DIR / Path(bundle).stem
    dest.mkdir(parents=True, exist_ok=True)
    if bundle.endswith(".zip"):
        with zipfile.ZipFile(bundle) as zf:
            zf.extractall(dest)  # SAFE: CWE-22
    else:
        with tarfile.open(bundle) as tf:
            tf.extractall(dest)  # VULN: CWE-22
    click.echo(f"unpacked to {dest}")


@cli.command("deploy")
@click.argument("version")
@click.pass_obj
def deploy(session, version):
    artefact = f"/tmp/release-{version}.tgz"  # VULN: CWE-377
    session.client("s3").download_file("acme-ci-artefacts", f"api/{version}.tgz", artefact)
    with tarfile.open(artefact) as tf:
        tf.extractall(RELEASES / version, filter="data")  # SAFE: CWE-22
    creds = session.get_credentials().get_frozen_credentials()
    log.info("deployed %s using access key %s / secret %s", version, creds.access_key, creds.secret_key)  # VULN: CWE-532
    log.info("deployed %s using access key ending %s", version, creds.access_key[-4:])  # SAFE: CWE-532


@cli.command("write-kubeconfig")
@click.argument("cluster")
@click.pass_obj
def write_kubeconfig(session, cluster):
    info = session.client("eks").describe_cluster(name=cluster)["cluster"]
    cfg_path = Path.home() / ".kube" / f"{cluster}.yaml"
    cfg_path.write_text(yaml.safe_dump({"clusters": [{"name": cluster, "cluster": {"server": info["endpoint"]}}]}))
    os.chmod(cfg_path, 0o600)  # SAFE: CWE-732
    os.chmod("/etc/opsctl/credentials.json", 0o666)  # VULN: CWE-732


@cli.command("legacy-session")
def legacy_session():
    s = boto3.Session(aws_access_key_id="AKIA4QJZ7RBX2LMN3KTP", aws_secret_access_key="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", region_name="eu-west-1")  # VULN: CWE-798
    click.echo(json.dumps(s.client("sts").get_caller_identity(), default=str))


if __name__ == "__main__":
    cli()
