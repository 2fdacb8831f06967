const express = require("express");
const vm = require("vm");

const app = express();
app.use(express.json());

app.get("/calc", (req, res) => {
  // ruleid: JS-CODE-INJECTION
  res.json({ result: eval(req.query.expr) });
});

app.post("/rules", (req, res) => {
  const { condition } = req.body;
  // ruleid: JS-CODE-INJECTION
  const predicate = new Function("order", `return (${condition});`);
  res.json({ matches: orders.filter(predicate).length });
});

app.post("/template", function (req, res) {
  const sandbox = { user: req.user };
  // ruleid: JS-CODE-INJECTION
  const output = vm.runInNewContext("`" + req.body.template + "`", sandbox);
  res.send(output);
});

app.get("/remind", (req, res) => {
  const action = req.query.action;
  // ruleid: JS-CODE-INJECTION
  setTimeout("notify('" + action + "')", 1000);
  res.sendStatus(202);
});

app.post("/settings", (req, res) => {
  // ok: JS-CODE-INJECTION
  const settings = JSON.parse(req.body.settings);
  res.json(settings);
});

app.get("/delay", (req, res) => {
  const ms = Number(req.query.ms);
  // ok: JS-CODE-INJECTION
  setTimeout(() => res.send(`waited ${req.query.ms}ms`), ms);
});

const HANDLERS = { sum: (a, b) => a + b, max: Math.max };

app.get("/op", (req, res) => {
  const op = req.query.op;
  // ok: JS-CODE-INJECTION
  const fn = Object.hasOwn(HANDLERS, op) ? HANDLERS[op] : null;
  res.json({ result: fn ? fn(1, 2) : null });
});

function compileFormula(formula) {
  // ok: JS-CODE-INJECTION
  return new Function("x", "return " + formula);
}
