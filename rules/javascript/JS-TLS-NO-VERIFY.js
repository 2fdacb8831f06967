const https = require("https");
const tls = require("tls");
const fs = require("fs");
const axios = require("axios");
const { Pool } = require("pg");

// ruleid: JS-TLS-NO-VERIFY
const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

export async function invoices() {
  return axios.get("https://billing.internal/api/invoices", { httpsAgent: agent });
}

export const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // ruleid: JS-TLS-NO-VERIFY
  ssl: { rejectUnauthorized: false },
});

if (process.env.NODE_ENV !== "production") {
  // ruleid: JS-TLS-NO-VERIFY
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
}

export function connectLegacy(host) {
  // ruleid: JS-TLS-NO-VERIFY
  return tls.connect({ host, port: 8443, servername: host, rejectUnauthorized: !1 });
}

// ok: JS-TLS-NO-VERIFY
const internalAgent = new https.Agent({ ca: fs.readFileSync("/etc/ssl/internal-ca.pem") });

export const strictPool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // ok: JS-TLS-NO-VERIFY
  ssl: { rejectUnauthorized: true, ca: fs.readFileSync("/etc/ssl/rds-ca.pem", "utf8") },
});

export function client(insecure) {
  // ok: JS-TLS-NO-VERIFY
  return new https.Agent({ rejectUnauthorized: process.env.NODE_ENV === "production" });
}

// ok: JS-TLS-NO-VERIFY
process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";
