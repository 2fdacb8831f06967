package files

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/mux"
)

const uploadDir = "/srv/uploads"

func download(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	// ruleid: GO-PATH-TRAVERSAL
	http.ServeFile(w, r, filepath.Join(uploadDir, name))
}

func readReport(w http.ResponseWriter, r *http.Request) {
	report := mux.Vars(r)["report"]
	// ruleid: GO-PATH-TRAVERSAL
	data, err := os.ReadFile(uploadDir + "/reports/" + report + ".csv")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}

func upload(c *gin.Context) {
	file, err := c.FormFile("avatar")
	if err != nil {
		c.AbortWithStatus(http.StatusBadRequest)
		return
	}
	// ruleid: GO-PATH-TRAVERSAL
	if err := c.SaveUploadedFile(file, filepath.Join(uploadDir, file.Filename)); err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
	}
}

func deleteDraft(w http.ResponseWriter, r *http.Request) {
	draft := filepath.Clean(r.FormValue("draft"))
	// ruleid: GO-PATH-TRAVERSAL
	if err := os.Remove(filepath.Join("/var/lib/app/drafts", draft)); err != nil {
		http.Error(w, "cannot delete", http.StatusInternalServerError)
	}
}

func downloadBase(w http.ResponseWriter, r *http.Request) {
	name := filepath.Base(r.URL.Query().Get("file"))
	// ok: GO-PATH-TRAVERSAL
	http.ServeFile(w, r, filepath.Join(uploadDir, name))
}

func readChecked(w http.ResponseWriter, r *http.Request) {
	full := filepath.Join(uploadDir, r.FormValue("name"))
	if !strings.HasPrefix(full, uploadDir+string(os.PathSeparator)) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	// ok: GO-PATH-TRAVERSAL
	f, err := os.Open(full)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	io.Copy(w, f)
}

func readInRoot(w http.ResponseWriter, r *http.Request) {
	// ok: GO-PATH-TRAVERSAL
	f, err := os.OpenInRoot(uploadDir, r.URL.Query().Get("file"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	io.Copy(w, f)
}

func static(w http.ResponseWriter, r *http.Request) {
	// ok: GO-PATH-TRAVERSAL
	http.ServeFile(w, r, filepath.Join("./public", r.URL.Path))
}
