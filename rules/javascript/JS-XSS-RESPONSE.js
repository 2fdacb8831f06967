const express = require("express");
const escapeHtml = require("escape-html");
const Product = require("./models/product");

const app = express();

app.get("/search", (req, res) => {
  // ruleid: JS-XSS-RESPONSE
  res.send(`<h1>Results for ${req.query.q}</h1>`);
});

app.get("/products/:id", async (req, res) => {
  const product = await Product.findById(req.params.id);
  if (!product) {
    // ruleid: JS-XSS-RESPONSE
    return res.status(404).send("<p>Unknown product " + req.params.id + "</p>");
  }
  // ok: JS-XSS-RESPONSE
  res.send(product);
});

app.post("/comments", express.urlencoded({ extended: false }), (req, res) => {
  const { author, text } = req.body;
  // ruleid: JS-XSS-RESPONSE
  res.write("<li><b>" + author + "</b>: ");
  // ruleid: JS-XSS-RESPONSE
  res.end(text + "</li>");
});

app.get("/hello", (req, res) => {
  const name = req.get("X-User-Name");
  // ruleid: JS-XSS-RESPONSE
  res.send(`<p>Hello ${name}</p>`);
});

app.get("/search-safe", (req, res) => {
  // ok: JS-XSS-RESPONSE
  res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);
});

app.get("/echo", (req, res) => {
  // ok: JS-XSS-RESPONSE
  res.json({ query: req.query.q, page: req.query.page });
});

app.get("/robots.txt", (req, res) => {
  res.type("text/plain");
  // ok: JS-XSS-RESPONSE
  res.send("User-agent: *\nDisallow: /" + req.query.path);
});

app.get("/api/lookup", (req, res) => {
  // ok: JS-XSS-RESPONSE
  res.send({ id: req.query.id, found: false });
});
