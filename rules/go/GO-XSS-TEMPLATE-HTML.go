package web

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
	"github.com/microcosm-cc/bluemonday"
)

var tmpl = template.Must(template.ParseFiles("profile.html"))

func profile(w http.ResponseWriter, r *http.Request) {
	data := map[string]any{
		// ruleid: GO-XSS-TEMPLATE-HTML
		"Bio": template.HTML(r.FormValue("bio")),
	}
	tmpl.Execute(w, data)
}

func search(c *gin.Context) {
	q := c.Query("q")
	c.HTML(http.StatusOK, "search.html", gin.H{
		// ruleid: GO-XSS-TEMPLATE-HTML
		"Script": template.JS("var query = '" + q + "';"),
	})
}

func hello(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: GO-XSS-TEMPLATE-HTML
	fmt.Fprintf(w, "<h1>Hello, %s!</h1>", name)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	page := r.PathValue("page")
	w.WriteHeader(http.StatusNotFound)
	// ruleid: GO-XSS-TEMPLATE-HTML
	io.WriteString(w, "<p>No page called "+page+"</p>")
}

func preview(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// ruleid: GO-XSS-TEMPLATE-HTML
	w.Write(body)
}

func comment(c echo.Context) error {
	text := c.FormValue("text")
	// ruleid: GO-XSS-TEMPLATE-HTML
	return c.HTML(http.StatusOK, "<div class=\"comment\">"+text+"</div>")
}

func confirm(w http.ResponseWriter, r *http.Request) {
	email := r.PostFormValue("email")
	// ruleid: GO-XSS-TEMPLATE-HTML
	fmt.Fprintf(w, `<html><body><p>We sent a link to %s.</p></body></html>`, email)
}

type PostForm struct {
	Title string `form:"title"`
	Body  string `form:"body"`
}

func previewPost(c *gin.Context) {
	var post PostForm
	if err := c.ShouldBind(&post); err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	c.HTML(http.StatusOK, "preview.html", gin.H{
		"Title": post.Title,
		// ruleid: GO-XSS-TEMPLATE-HTML
		"Body": template.HTML(post.Body),
	})
}

func profileSafe(w http.ResponseWriter, r *http.Request) {
	// ok: GO-XSS-TEMPLATE-HTML
	tmpl.Execute(w, map[string]any{"Bio": r.FormValue("bio")})
}

func helloEscaped(w http.ResponseWriter, r *http.Request) {
	name := html.EscapeString(r.URL.Query().Get("name"))
	// ok: GO-XSS-TEMPLATE-HTML
	fmt.Fprintf(w, "<h1>Hello, %s!</h1>", name)
}

var policy = bluemonday.UGCPolicy()

func richBio(w http.ResponseWriter, r *http.Request) {
	// ok: GO-XSS-TEMPLATE-HTML
	bio := template.HTML(policy.Sanitize(r.FormValue("bio")))
	tmpl.Execute(w, map[string]any{"Bio": bio})
}

func searchConfig(c *gin.Context) {
	cfg, _ := json.Marshal(map[string]string{"query": c.Query("q")})
	c.HTML(http.StatusOK, "search.html", gin.H{
		// ok: GO-XSS-TEMPLATE-HTML
		"Config": template.JS(cfg),
	})
}

func echoText(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	// ok: GO-XSS-TEMPLATE-HTML
	fmt.Fprintf(w, "<no markup here> you sent %q", r.FormValue("msg"))
}

func pageCount(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.URL.Query().Get("n"))
	if err != nil {
		return
	}
	// ok: GO-XSS-TEMPLATE-HTML
	fmt.Fprintf(w, "<p>Showing %d results</p>", n)
}

func staticBanner(w http.ResponseWriter, r *http.Request) {
	// ok: GO-XSS-TEMPLATE-HTML
	banner := template.HTML(`<strong>Maintenance tonight at 22:00</strong>`)
	tmpl.Execute(w, banner)
}
