package tools

import (
	"context"
	"net"
	"net/http"
	"os/exec"
	"strconv"

	"github.com/gin-gonic/gin"
)

func ping(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: GO-CMD-INJECTION
	out, err := exec.Command("sh", "-c", "ping -c 1 "+host).CombinedOutput()
	if err != nil {
		http.Error(w, string(out), http.StatusBadGateway)
		return
	}
	w.Write(out)
}

func runTool(w http.ResponseWriter, r *http.Request) {
	tool := r.FormValue("tool")
	// ruleid: GO-CMD-INJECTION
	cmd := exec.CommandContext(r.Context(), tool, "--version")
	_ = cmd.Run()
}

func archive(c *gin.Context) {
	dir := c.Param("dir")
	script := "tar czf /tmp/backup.tgz " + dir
	// ruleid: GO-CMD-INJECTION
	cmd := exec.Command("/bin/bash", "-c", script)
	if err := cmd.Run(); err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
	}
}

func windowsDir(w http.ResponseWriter, r *http.Request) {
	// ruleid: GO-CMD-INJECTION
	_ = exec.Command("cmd.exe", "/c", "dir "+r.PostFormValue("path")).Run()
}

func pingSafe(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	if net.ParseIP(host) == nil {
		http.Error(w, "invalid address", http.StatusBadRequest)
		return
	}
	// ok: GO-CMD-INJECTION
	out, _ := exec.Command("ping", "-c", "1", "--", host).CombinedOutput()
	w.Write(out)
}

func thumbnail(c *gin.Context) {
	name := c.Query("name")
	// ok: GO-CMD-INJECTION
	_ = exec.Command("convert", name, "-resize", "128x128", "thumb.png").Run()
}

func tail(w http.ResponseWriter, r *http.Request) {
	lines, err := strconv.Atoi(r.FormValue("lines"))
	if err != nil {
		return
	}
	// ok: GO-CMD-INJECTION
	_ = exec.Command("sh", "-c", "tail -n "+strconv.Itoa(lines)+" /var/log/app.log").Run()
}

func rotateLogs(ctx context.Context, script string) error {
	// ok: GO-CMD-INJECTION
	return exec.CommandContext(ctx, "sh", "-c", script).Run()
}
