package handlers

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/mux"
	"github.com/jmoiron/sqlx"
)

var db *sql.DB
var dbx *sqlx.DB

func searchUsers(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: GO-SQL-INJECTION
	rows, err := db.Query("SELECT id, email FROM users WHERE name = '" + name + "'")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func deleteOrder(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	query := fmt.Sprintf("DELETE FROM orders WHERE id = %s AND owner = %d", id, currentUser(r))
	// ruleid: GO-SQL-INJECTION
	if _, err := db.ExecContext(r.Context(), query); err != nil {
		http.Error(w, "cannot delete", http.StatusInternalServerError)
	}
}

func listProducts(c *gin.Context) {
	sort := c.DefaultQuery("sort", "name")
	var products []Product
	// ruleid: GO-SQL-INJECTION
	err := dbx.Select(&products, "SELECT * FROM products ORDER BY "+sort)
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
	}
}

func login(w http.ResponseWriter, r *http.Request) {
	var sb strings.Builder
	sb.WriteString("SELECT id FROM accounts WHERE email = '")
	sb.WriteString(r.FormValue("email"))
	sb.WriteString("'")
	var id int
	// ruleid: GO-SQL-INJECTION
	_ = db.QueryRow(sb.String()).Scan(&id)
}

func searchUsersSafe(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ok: GO-SQL-INJECTION
	rows, err := db.Query("SELECT id, email FROM users WHERE name = $1", name)
	if err != nil {
		return
	}
	defer rows.Close()
}

func deleteOrderSafe(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(mux.Vars(r)["id"])
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	query := fmt.Sprintf("DELETE FROM orders WHERE id = %d", id)
	// ok: GO-SQL-INJECTION
	_, _ = db.Exec(query)
}

var sortColumns = map[string]string{"name": "name", "price": "price_cents"}

func listProductsSafe(c *gin.Context) {
	column, found := sortColumns[c.Query("sort")]
	if !found {
		column = "name"
	}
	table := "products"
	var products []Product
	// ok: GO-SQL-INJECTION
	_ = dbx.Select(&products, fmt.Sprintf("SELECT * FROM %s WHERE price < $1", table), c.Query("max"))
	_ = column
}

func report(month string) error {
	// ok: GO-SQL-INJECTION
	_, err := db.Exec("REFRESH MATERIALIZED VIEW report_" + month)
	return err
}

type Product struct{ Name string }

func currentUser(r *http.Request) int { return 0 }
