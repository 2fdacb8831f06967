const express = require("express");
const child_process = require("child_process");
const { exec, execFile, execSync: run } = require("child_process");
import { spawn } from "node:child_process";

const app = express();

app.get("/ping", (req, res) => {
  const host = req.query.host;
  // ruleid: JS-CMD-INJECTION
  exec(`ping -c 1 ${host}`, (err, stdout) => res.send(stdout));
});

app.post("/convert", function (req, res) {
  const { input, format } = req.body;
  // ruleid: JS-CMD-INJECTION
  const out = run("convert " + input + " out." + format);
  res.send(out);
});

app.get("/tool/:name", (req, res) => {
  // ruleid: JS-CMD-INJECTION
  const child = spawn(req.params.name, ["--version"]);
  child.stdout.pipe(res);
});

app.get("/grep", (req, res) => {
  const pattern = req.get("X-Pattern");
  // ruleid: JS-CMD-INJECTION
  const child = child_process.spawn("grep", ["-r", pattern, "/srv/logs"], { shell: true });
  child.stdout.pipe(res);
});

app.get("/ping-safe", (req, res) => {
  // ok: JS-CMD-INJECTION
  execFile("ping", ["-c", "1", "--", req.query.host], (err, stdout) => res.send(stdout));
});

app.get("/grep-safe", (req, res) => {
  // ok: JS-CMD-INJECTION
  const child = spawn("grep", ["-r", "--", req.query.pattern, "/srv/logs"]);
  child.stdout.pipe(res);
});

app.get("/uptime", (req, res) => {
  // ok: JS-CMD-INJECTION
  exec("uptime", (err, stdout) => res.send(stdout));
});

app.get("/kill", (req, res) => {
  const pid = parseInt(req.query.pid, 10);
  // ok: JS-CMD-INJECTION
  exec(`kill -TERM ${pid}`, () => res.sendStatus(204));
});

function backup(dir) {
  // ok: JS-CMD-INJECTION
  run(`tar czf /backups/${dir}.tgz ${dir}`);
}
