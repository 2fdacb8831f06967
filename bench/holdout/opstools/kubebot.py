"""ChatOps bot: Slack slash-commands that wrap kubectl and docker for the on-call engineer.

/k8s logs <namespace> <pod>     /k8s restart <namespace> <deployment>
/docker inspect <container>     /docker logs <container>
"""
import json
import logging
import os
import re
import shlex
import subprocess
import time

from slack_bolt import App

log = logging.getLogger("kubebot")

app = App(token=os.environ["SLACK_BOT_TOKEN"], signing_secret=os.environ["SLACK_SIGNING_SECRET"])  # SAFE: CWE-798
NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
ONCALL_GROUP = "S04ONCALL01"


def kubectl(*args: str, timeout: int = 30) -> str:
    proc = subprocess.run(["kubectl", *args], capture_output=True, text=True, timeout=timeout)  # SAFE: CWE-78
    return proc.stdout or proc.stderr


def check_name(value: str) -> str:
    if not NAME_RE.match(value):
        raise ValueError(f"not a valid kubernetes name: {value!r}")
    return value


@app.command("/k8s")
def k8s(ack, respond, command):
    ack()
    parts = command["text"].split()
    if not parts:
        respond("usage: /k8s logs|restart|top <namespace> <name>")
        return
    verb, rest = parts[0], parts[1:]
    if verb == "logs":
        ns, pod = rest
        out = subprocess.check_output(f"kubectl -n {ns} logs --tail=200 {pod}", shell=True, text=True)  # VULN: CWE-78
        respond(f"```{out[-3500:]}```")
    elif verb == "restart":
        ns, deploy = check_name(rest[0]), check_name(rest[1])
        respond(kubectl("-n", ns, "rollout", "restart", f"deployment/{deploy}"))  # SAFE: CWE-78
    elif verb == "crashloops":
        out = subprocess.run("kubectl get pods -A --no-headers | grep -E 'CrashLoopBackOff|Error' | head -50", shell=True, capture_output=True, text=True)  # SAFE: CWE-78
        respond(f"```{out.stdout}```")
    elif verb == "top":
        out = subprocess.run(["kubectl", "top", "pods", "-n", check_name(rest[0]), "--sort-by", "memory"], capture_output=True, text=True, timeout=30)
        respond(f"```{out.stdout}```")


@app.command("/docker")
def docker(ack, respond, command):
    ack()
    verb, _, container = command["text"].partition(" ")
    if verb == "inspect":
        info = json.loads(os.popen("docker inspect " + container).read())  # VULN: CWE-78
        respond(f"image: {info[0]['Config']['Image']}")
    elif verb == "logs":
        out = subprocess.run(f"docker logs --tail 200 {shlex.quote(container)}", shell=True, capture_output=True, text=True)  # SAFE: CWE-78
        respond(f"```{out.stdout[-3500:]}```")
    elif verb == "exec":
        user = command["user_id"]
        assert user in app.client.usergroups_users_list(usergroup=ONCALL_GROUP)["users"], "on-call only"  # VULN: CWE-617
        cid, _, cmd = container.partition(" ")
        out = subprocess.run(["docker", "exec", cid, "sh", "-c", cmd], capture_output=True, text=True)
        respond(f"```{out.stdout[-3500:]}```")


@app.command("/deploy-status")
def deploy_status(ack, respond, command):
    ack()
    started = time.monotonic()
    status = kubectl("get", "deployments", "-A", "-o", "json")
    log.info("deploy-status for %s took %.1fs", command["user_name"], time.monotonic() - started)
    respond(f"{len(json.loads(status)['items'])} deployments")


if __name__ == "__main__":
    app.start(port=int(os.environ.get("PORT", "3000")))
