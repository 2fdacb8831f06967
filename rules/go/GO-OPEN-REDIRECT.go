package auth

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

func login(w http.ResponseWriter, r *http.Request) {
	// ... authenticate ...
	// ruleid: GO-OPEN-REDIRECT
	http.Redirect(w, r, r.FormValue("next"), http.StatusFound)
}

func logout(c *gin.Context) {
	returnTo := c.DefaultQuery("return_to", "/")
	c.SetCookie("session", "", -1, "/", "", true, true)
	// ruleid: GO-OPEN-REDIRECT
	c.Redirect(http.StatusFound, returnTo)
}

func oauthCallback(c echo.Context) error {
	state := c.QueryParam("redirect_uri")
	// ruleid: GO-OPEN-REDIRECT
	return c.Redirect(http.StatusSeeOther, state+"?logged_in=1")
}

func naiveLocalCheck(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	// "//evil.example" starts with "/" too.
	if !strings.HasPrefix(next, "/") {
		next = "/"
	}
	// ruleid: GO-OPEN-REDIRECT
	http.Redirect(w, r, next, http.StatusFound)
}

func legacyLink(w http.ResponseWriter, r *http.Request) {
	// ruleid: GO-OPEN-REDIRECT
	w.Header().Set("Location", r.URL.Query().Get("to"))
	w.WriteHeader(http.StatusMovedPermanently)
}

func switchLanguage(c *gin.Context) {
	c.SetCookie("lang", c.Request.FormValue("lang"), 3600, "/", "", true, true)
	// ruleid: GO-OPEN-REDIRECT
	c.Redirect(http.StatusFound, c.Request.FormValue("back"))
}

func localOnly(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		next = "/"
	}
	// ok: GO-OPEN-REDIRECT
	http.Redirect(w, r, next, http.StatusFound)
}

func parsedCheck(c *gin.Context) {
	u, err := url.Parse(c.Query("next"))
	if err != nil || u.IsAbs() || u.Host != "" {
		c.Redirect(http.StatusFound, "/")
		return
	}
	// ok: GO-OPEN-REDIRECT
	c.Redirect(http.StatusFound, u.String())
}

func afterSignup(c echo.Context) error {
	next := c.FormValue("next")
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		// ok: GO-OPEN-REDIRECT
		return c.Redirect(http.StatusSeeOther, next)
	} else {
		return c.Redirect(http.StatusSeeOther, "/welcome")
	}
}

var sections = map[string]string{
	"billing":  "/settings/billing",
	"profile":  "/settings/profile",
	"security": "/settings/security",
}

func settings(w http.ResponseWriter, r *http.Request) {
	target, ok := sections[r.URL.Query().Get("tab")]
	if !ok {
		target = "/settings"
	}
	// ok: GO-OPEN-REDIRECT
	http.Redirect(w, r, target, http.StatusFound)
}

func showOrder(c *gin.Context) {
	id := c.Param("id")
	// ok: GO-OPEN-REDIRECT
	c.Redirect(http.StatusMovedPermanently, "/orders/"+id)
	// ok: GO-OPEN-REDIRECT
	c.Redirect(http.StatusMovedPermanently, fmt.Sprintf("https://shop.example.com/orders/%s", id))
}

func trailingSlash(w http.ResponseWriter, r *http.Request) {
	// ok: GO-OPEN-REDIRECT
	http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
}
