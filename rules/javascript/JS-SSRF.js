const express = require("express");
const axios = require("axios");
const https = require("https");

const app = express();
app.use(express.json());
const API = "https://api.example.com";

app.get("/preview", async (req, res) => {
  // ruleid: JS-SSRF
  const response = await fetch(req.query.url);
  res.send(await response.text());
});

app.post("/webhooks/test", async (req, res) => {
  const { callbackUrl } = req.body;
  // ruleid: JS-SSRF
  await axios.post(callbackUrl, { event: "ping" });
  res.sendStatus(204);
});

app.get("/proxy/:service", (req, res) => {
  // ruleid: JS-SSRF
  https.get(`https://${req.params.service}.internal.example.com/health`, (upstream) => upstream.pipe(res));
});

app.get("/avatar", async (req, res) => {
  // ruleid: JS-SSRF
  const image = await axios({ method: "get", url: API + req.query.path, responseType: "stream" });
  image.data.pipe(res);
});

app.get("/users/:id", async (req, res) => {
  // ok: JS-SSRF
  const user = await axios.get(`https://api.example.com/users/${encodeURIComponent(req.params.id)}`);
  res.json(user.data);
});

app.get("/repos", async (req, res) => {
  // ok: JS-SSRF
  const response = await fetch("https://api.github.com/search/repositories?q=" + req.query.q);
  res.json(await response.json());
});

app.get("/status", async (req, res) => {
  // ok: JS-SSRF
  const response = await fetch(`${API}/status`, { headers: { "X-Request-Id": req.get("X-Request-Id") } });
  res.json(await response.json());
});

app.get("/items/:id", async (req, res) => {
  // ok: JS-SSRF
  const item = await axios.get(`${API}/v1/items/${req.params.id}`);
  res.json(item.data);
});
