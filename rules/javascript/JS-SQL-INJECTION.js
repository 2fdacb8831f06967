const express = require("express");
const mysql = require("mysql2/promise");
const { Pool } = require("pg");
const { Sequelize, QueryTypes } = require("sequelize");
const knex = require("knex")({ client: "pg" });
const { PrismaClient, Prisma } = require("@prisma/client");

const app = express();
const pool = mysql.createPool({ host: "db", user: "app", database: "shop" });
const pg = new Pool();
const sequelize = new Sequelize(process.env.DATABASE_URL);
const prisma = new PrismaClient();

app.get("/users", async (req, res) => {
  // ruleid: JS-SQL-INJECTION
  const [rows] = await pool.query(`SELECT * FROM users WHERE name = '${req.query.name}'`);
  res.json(rows);
});

app.post("/login", async (req, res) => {
  const { email, password } = req.body;
  const sql = "SELECT id FROM users WHERE email = '" + email + "' AND password_hash = crypt('" + password + "', password_hash)";
  // ruleid: JS-SQL-INJECTION
  const result = await pg.query(sql);
  res.json(result.rows[0] || null);
});

app.get("/orders", async (req, res) => {
  const sort = req.query.sort;
  // ruleid: JS-SQL-INJECTION
  const orders = await sequelize.query(`SELECT * FROM orders ORDER BY ${sort}`, { type: QueryTypes.SELECT });
  res.json(orders);
});

app.get("/products", async (req, res) => {
  // ruleid: JS-SQL-INJECTION
  const products = await knex("products").whereRaw("category = '" + req.params.category + "'");
  res.json(products);
});

app.get("/stats/:table", async (req, res) => {
  // ruleid: JS-SQL-INJECTION
  const rows = await prisma.$queryRawUnsafe(`SELECT count(*) FROM ${req.params.table}`);
  res.json(rows);
});

app.get("/users-safe", async (req, res) => {
  // ok: JS-SQL-INJECTION
  const [rows] = await pool.query("SELECT * FROM users WHERE name = ?", [req.query.name]);
  res.json(rows);
});

app.get("/orders-safe", async (req, res) => {
  // ok: JS-SQL-INJECTION
  const orders = await sequelize.query("SELECT * FROM orders WHERE status = :status", {
    replacements: { status: req.query.status },
    type: QueryTypes.SELECT,
  });
  res.json(orders);
});

app.get("/items/:id", async (req, res) => {
  // ok: JS-SQL-INJECTION
  const item = await prisma.$queryRaw`SELECT * FROM items WHERE id = ${req.params.id}`;
  // ok: JS-SQL-INJECTION
  const rows = await knex.raw("SELECT * FROM items WHERE owner = ?", [req.query.owner]);
  res.json({ item, rows });
});

app.get("/page", async (req, res) => {
  const limit = parseInt(req.query.limit, 10) || 20;
  // ok: JS-SQL-INJECTION
  const [rows] = await pool.query(`SELECT * FROM posts ORDER BY created_at DESC LIMIT ${limit}`);
  res.json(rows);
});
