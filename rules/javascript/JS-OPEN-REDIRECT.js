const express = require("express");
const passport = require("passport");

const app = express();

app.post("/login", passport.authenticate("local"), (req, res) => {
  // ruleid: JS-OPEN-REDIRECT
  res.redirect(req.query.next || "/");
});

app.get("/logout", (req, res) => {
  const returnTo = req.query.returnTo;
  req.logout(() => {
    // ruleid: JS-OPEN-REDIRECT
    res.redirect(302, returnTo);
  });
});

app.get("/out", (req, res) => {
  // ruleid: JS-OPEN-REDIRECT
  res.writeHead(302, { Location: decodeURIComponent(req.query.url) });
  res.end();
});

app.get("/lang/:code", (req, res) => {
  // ruleid: JS-OPEN-REDIRECT
  res.redirect("/" + req.get("Referer"));
});

app.get("/users/:id/edit", (req, res) => {
  // ok: JS-OPEN-REDIRECT
  res.redirect("/users/" + req.params.id);
});

app.get("/orders/:id", (req, res) => {
  // ok: JS-OPEN-REDIRECT
  res.redirect(`/account/orders/${req.params.id}?tab=${encodeURIComponent(req.query.tab)}`);
});

app.get("/search", (req, res) => {
  // ok: JS-OPEN-REDIRECT
  res.redirect("https://search.example.com/?q=" + encodeURIComponent(req.query.q));
});

app.post("/wizard/step", (req, res) => {
  // ok: JS-OPEN-REDIRECT
  res.redirect(303, req.baseUrl + "/wizard/done");
});
