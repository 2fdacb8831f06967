const express = require("express");
const mongoose = require("mongoose");
const bcrypt = require("bcrypt");
const { ObjectId } = require("mongodb");
const User = require("./models/user");

const app = express();
app.use(express.json());

app.post("/login", async (req, res) => {
  // ruleid: JS-NOSQL-INJECTION
  const user = await User.findOne({ email: req.body.email, password: req.body.password });
  if (!user) return res.sendStatus(401);
  res.json({ id: user.id });
});

app.get("/orders", async (req, res) => {
  const filter = { customer: req.query.customer };
  // ruleid: JS-NOSQL-INJECTION
  const orders = await req.app.locals.db.collection("orders").find(filter).toArray();
  res.json(orders);
});

app.post("/reset", async (req, res) => {
  const { token } = req.body;
  // ruleid: JS-NOSQL-INJECTION
  await User.updateOne({ resetToken: token }, { $set: { password: await bcrypt.hash(req.body.password, 12) } });
  res.sendStatus(204);
});

app.get("/search", async (req, res) => {
  const name = req.params.name;
  // ruleid: JS-NOSQL-INJECTION
  const users = await User.find({ $where: "this.name == '" + name + "'" });
  res.json(users);
});

app.post("/login-safe", async (req, res) => {
  // ok: JS-NOSQL-INJECTION
  const user = await User.findOne({ email: String(req.body.email) });
  if (!user || !(await bcrypt.compare(String(req.body.password), user.passwordHash))) {
    return res.sendStatus(401);
  }
  res.json({ id: user.id });
});

app.get("/users/:id", async (req, res) => {
  // ok: JS-NOSQL-INJECTION
  const user = await User.findOne({ _id: new ObjectId(req.params.id) });
  // ok: JS-NOSQL-INJECTION
  const byName = await User.find({ name: req.params.name });
  res.json({ user, byName });
});

app.get("/cart", (req, res) => {
  const cart = req.session.cart || [];
  // ok: JS-NOSQL-INJECTION
  const line = cart.find((item) => item.sku === req.query.sku);
  res.json(line || null);
});

app.get("/active", async (req, res) => {
  // ok: JS-NOSQL-INJECTION
  const users = await User.find({ $where: "this.lastLogin > this.lastLogout" });
  res.json(users);
});
