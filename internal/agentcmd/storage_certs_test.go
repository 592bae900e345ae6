package agentcmd

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/sslcerttest"
)

// TestRunSSLCertsDir: the certificate storage keeps its files in
// --ssl-certs-dir (relative to where the agent starts), not beside the config.
func TestRunSSLCertsDir(t *testing.T) {
	dir := t.TempDir()
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	os.MkdirAll(filepath.Join(dir, "conf"), 0o755)
	for name, data := range map[string]string{
		"conf/haproxy.cfg": fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n\nfrontend fe\n    bind 127.0.0.1:%d\n", haproxytest.FreePort(t)),
		"users":            "admin:" + string(hash) + "\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	f, err := Parse([]string{"--config", "conf/haproxy.cfg", "--users-file", "users", "--listen", "127.0.0.1:0", "--ssl-certs-dir", "certs",
		"--validate-as", "root"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := runAgent(t, f)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file_upload", "site.pem")
	part.Write(sslcerttest.New(t, sslcerttest.Template{CommonName: "site.test"}).PEM())
	mw.Close()
	req, _ := http.NewRequest("POST", "http://"+addr+"/v3/services/haproxy/storage/ssl_certificates", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.SetBasicAuth("admin", "pw")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("upload: %d %s", resp.StatusCode, answer)
	}
	fi, err := os.Stat(filepath.Join(dir, "certs", "site.pem"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("certs/site.pem: %v, mode %v", err, fi)
	}
	if _, err := os.Stat(filepath.Join(dir, "conf", "ssl")); !os.IsNotExist(err) {
		t.Errorf("the default directory beside the config was used: %v", err)
	}
}
