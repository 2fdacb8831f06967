const express = require("express");
const fs = require("fs");
const path = require("path");
import { readFile } from "fs/promises";

const app = express();
const UPLOADS = path.join(__dirname, "uploads");

app.get("/files/:name", (req, res) => {
  // ruleid: JS-PATH-TRAVERSAL
  res.sendFile(path.join(UPLOADS, req.params.name));
});

app.get("/download", (req, res) => {
  const file = `${UPLOADS}/${req.query.file}`;
  // ruleid: JS-PATH-TRAVERSAL
  res.download(file, "report.pdf");
});

app.get("/templates/:theme", async (req, res) => {
  // ruleid: JS-PATH-TRAVERSAL
  const css = await readFile(path.resolve(__dirname, "themes", req.params.theme, "style.css"), "utf8");
  res.type("css").send(css);
});

app.post("/avatar", (req, res) => {
  const target = path.join(UPLOADS, req.body.filename);
  // ruleid: JS-PATH-TRAVERSAL
  fs.writeFileSync(target, Buffer.from(req.body.data, "base64"));
  res.sendStatus(201);
});

app.get("/files-safe/:name", (req, res) => {
  // ok: JS-PATH-TRAVERSAL
  res.sendFile(req.params.name, { root: UPLOADS, dotfiles: "deny" });
});

app.get("/logs/:name", (req, res) => {
  // ok: JS-PATH-TRAVERSAL
  fs.createReadStream(path.join(__dirname, "logs", path.basename(req.params.name))).pipe(res);
});

app.get("/docs", async (req, res) => {
  const full = path.resolve(UPLOADS, String(req.query.doc));
  if (!full.startsWith(UPLOADS + path.sep)) {
    return res.sendStatus(400);
  }
  // ok: JS-PATH-TRAVERSAL
  res.send(await readFile(full));
});

app.get("/", (req, res) => {
  // ok: JS-PATH-TRAVERSAL
  res.sendFile(path.join(__dirname, "public", "index.html"));
});
