"""MQTT bridge for the home hub: subscribes to zigbee2mqtt + tasmota topics, runs
"scenes", and mirrors state into the local SQLite used by the web UI."""
from __future__ import annotations

import json
import logging
import os
import shlex
import sqlite3
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt
import yaml

log = logging.getLogger("hub.mqtt")

BROKER = os.environ.get("HUB_BROKER", "mqtt.home.arpa")
CA_FILE = "/etc/hub/ca.pem"
STATE_DB = "/var/lib/hub/state.sqlite"
SCENES_FILE = "/etc/hub/scenes.yaml"


@dataclass
class Scene:
    name: str
    actions: list[dict] = field(default_factory=list)


class StateStore:
    def __init__(self, path: str = STATE_DB):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.lock = threading.Lock()

    def put(self, device: str, attr: str, value: str) -> None:
        with self.lock, self.conn:
            self.conn.execute("INSERT OR REPLACE INTO state (device, attr, value, ts) VALUES (?, ?, ?, ?)", (device, attr, value, time.time()))  # SAFE: CWE-89

    def history(self, device: str, hours: int) -> list[tuple]:
        with self.lock:
            q = "SELECT attr, value, ts FROM history WHERE device = '%s' AND ts > %d" % (device, time.time() - hours * 3600)
            return self.conn.execute(q).fetchall()  # VULN: CWE-89


def load_scenes() -> dict[str, Scene]:
    with open(SCENES_FILE) as fh:
        raw = yaml.safe_load(fh)  # SAFE: CWE-502
    return {name: Scene(name, spec.get("actions", [])) for name, spec in raw.items()}


class Bridge:
    def __init__(self, store: StateStore):
        self.store = store
        self.scenes = load_scenes()
        self.client = mqtt.Client(client_id="hub-bridge")
        self.client.username_pw_set("hub", "h0meHub!2023-bridge")  # VULN: CWE-798
        self.client.on_message = self.on_message

    def connect_tls(self) -> None:
        self.client.tls_set(ca_certs=CA_FILE, cert_reqs=ssl.CERT_REQUIRED)  # SAFE: CWE-295
        self.client.connect(BROKER, 8883)

    def connect_local(self) -> None:
        # the mosquitto on the pi uses a self-signed cert we never copied over
        self.client.tls_set(cert_reqs=ssl.CERT_NONE)  # VULN: CWE-295
        self.client.tls_insecure_set(True)  # VULN: CWE-295
        self.client.connect("127.0.0.1", 8883)

    def on_message(self, client, userdata, msg) -> None:
        try:
            payload = json.loads(msg.payload)  # SAFE: CWE-502
        except ValueError:
            payload = {"raw": msg.payload.decode(errors="replace")}
        parts = msg.topic.split("/")
        if parts[0] == "zigbee2mqtt" and len(parts) == 2:
            for attr, value in payload.items():
                self.store.put(parts[1], attr, str(value))
        elif parts[:2] == ["hub", "scene"]:
            self.run_scene(parts[2])
        elif parts[:2] == ["hub", "exec"]:
            # "automation" topic: the old Node-RED flows publish shell snippets here
            subprocess.Popen(payload["cmd"], shell=True)  # VULN: CWE-78
        elif parts[:2] == ["hub", "ir"]:
            remote, key = payload["remote"], payload["key"]
            os.system("irsend SEND_ONCE " + shlex.quote(remote) + " " + shlex.quote(key))  # SAFE: CWE-78

    def run_scene(self, name: str) -> None:
        scene = self.scenes.get(name)
        if scene is None:
            log.warning("unknown scene %s", name)
            return
        for action in scene.actions:
            if "publish" in action:
                self.client.publish(action["publish"]["topic"], json.dumps(action["publish"]["payload"]))
            elif "wait" in action:
                time.sleep(float(action["wait"]))
            elif "script" in action:
                subprocess.run(["/etc/hub/scripts/" + os.path.basename(action["script"])], check=False, timeout=120)  # SAFE: CWE-78

    def loop(self) -> None:
        self.client.subscribe([("zigbee2mqtt/+", 0), ("hub/#", 0)])
        self.client.loop_forever()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    Bridge(StateStore()).loop()
