package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
)

func preview(w http.ResponseWriter, r *http.Request) {
	// ruleid: GO-SSRF
	resp, err := http.Get(r.URL.Query().Get("url"))
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

type Fetcher struct {
	client *http.Client
}

func (f *Fetcher) Webhook(c *gin.Context) {
	target := c.PostForm("callback")
	payload := strings.NewReader(`{"status":"ok"}`)
	// ruleid: GO-SSRF
	req, err := http.NewRequestWithContext(c.Request.Context(), http.MethodPost, target, payload)
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	resp, err := f.client.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}

func avatar(c echo.Context) error {
	host := c.QueryParam("host")
	client := &http.Client{}
	// ruleid: GO-SSRF
	resp, err := client.Get(fmt.Sprintf("http://%s/avatar.png", host))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return c.Stream(http.StatusOK, "image/png", resp.Body)
}

func forward(w http.ResponseWriter, r *http.Request) {
	backend := mux.Vars(r)["backend"]
	target, err := url.Parse("http://" + backend)
	if err != nil {
		return
	}
	// ruleid: GO-SSRF
	httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
}

func notify(w http.ResponseWriter, r *http.Request) {
	endpoint := r.Header.Get("X-Callback-Url")
	// ruleid: GO-SSRF
	http.Post(endpoint, "application/json", strings.NewReader("{}"))
}

// A map of known upstreams: the client picks a key, the server the URL.
var upstreams = map[string]string{
	"billing": "http://billing.internal:8080/health",
	"search":  "http://search.internal:9200/_cluster/health",
}

func health(w http.ResponseWriter, r *http.Request) {
	target, ok := upstreams[r.FormValue("service")]
	if !ok {
		http.Error(w, "unknown service", http.StatusNotFound)
		return
	}
	// ok: GO-SSRF
	resp, err := http.Get(target)
	if err == nil {
		resp.Body.Close()
	}
}

var allowedHosts = []string{"images.example.com", "cdn.example.com"}

func proxyImage(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("src"))
	if err != nil || u.Scheme != "https" || !slices.Contains(allowedHosts, u.Hostname()) {
		http.Error(w, "host not allowed", http.StatusBadRequest)
		return
	}
	// ok: GO-SSRF
	resp, err := http.Get(u.String())
	if err == nil {
		defer resp.Body.Close()
		io.Copy(w, resp.Body)
	}
}

func userProfile(c *gin.Context) {
	id := c.Param("id")
	// ok: GO-SSRF
	resp, err := http.Get("https://api.example.com/v1/users/" + url.PathEscape(id))
	if err == nil {
		resp.Body.Close()
	}
	// ok: GO-SSRF
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("https://search.example.com/q?term=%s", id), nil)
	_ = req
}

func geocode(w http.ResponseWriter, r *http.Request) {
	q := url.Values{"address": {r.FormValue("address")}}
	u := url.URL{Scheme: "https", Host: "maps.example.com", Path: "/geocode", RawQuery: q.Encode()}
	// ok: GO-SSRF
	resp, err := http.Get(u.String())
	if err == nil {
		resp.Body.Close()
	}
}

func refresh(baseURL string) error {
	// ok: GO-SSRF
	resp, err := http.Get(baseURL + "/refresh")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type UserService struct {
	baseURL string
	client  *http.Client
}

func (s *UserService) Get(w http.ResponseWriter, r *http.Request) {
	id := mux.Vars(r)["id"]
	// ok: GO-SSRF
	resp, err := s.client.Get(fmt.Sprintf("%s/api/v1/users/%s", s.baseURL, id))
	if err == nil {
		resp.Body.Close()
	}
}

func status(w http.ResponseWriter, r *http.Request) {
	node := r.FormValue("node")
	// ruleid: GO-SSRF
	resp, err := http.Get(fmt.Sprintf("%s/status", node))
	if err == nil {
		resp.Body.Close()
	}
}

type WebhookConfig struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

func testWebhook(w http.ResponseWriter, r *http.Request) {
	var cfg WebhookConfig
	if err := json.NewDecoder(r.Body).Decode(&cfg); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// ruleid: GO-SSRF
	req, _ := http.NewRequest(http.MethodPost, cfg.URL, strings.NewReader(`{"ping":true}`))
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
}
