package agentcmd

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxytest"
)

// TestFileDirFlags: --help shows the directories values may name files in
// with their defaults beside the config, and each flag comes from the
// environment too.
func TestFileDirFlags(t *testing.T) {
	var help strings.Builder
	Parse([]string{"--help"}, &help)
	for _, want := range []string{"-maps-dir", "-ssl-certs-dir", "-general-storage-dir", "<the config's directory>/maps",
		"<the config's directory>/ssl", "<the config's directory>/general"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("--help lacks %q:\n%s", want, help.String())
		}
	}
	t.Setenv("HAPROXY_AGENT_SSL_CERTS_DIR", "/from/env")
	f, err := Parse([]string{"--config", "c", "--insecure-no-auth", "--maps-dir", "/m"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if f.FileDirs["maps-dir"] != "/m" || f.FileDirs["ssl-certs-dir"] != "/from/env" || f.FileDirs["general-storage-dir"] != "" {
		t.Fatalf("file directories %v", f.FileDirs)
	}
}

// TestRunFileDirs: the agent command checks values against its directories: a
// flag given (relative to where the agent starts) replaces its default, the
// others stay beside the config.
func TestRunFileDirs(t *testing.T) {
	dir := t.TempDir()
	fe := haproxytest.FreePort(t)
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	for name, data := range map[string]string{
		"conf/haproxy.cfg":     fmt.Sprintf("defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n\nfrontend fe\n    bind 127.0.0.1:%d\n", fe),
		"users":                "admin:" + string(hash) + "\n",
		"lists/a.lst":          "127.0.0.2\n",
		"conf/maps/a.lst":      "127.0.0.2\n",
		"conf/general/a.lst":   "127.0.0.2\n",
		"conf/ssl/not-a-cert":  "127.0.0.2\n",
		"elsewhere/secret.lst": "127.0.0.2\n",
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	f, err := Parse([]string{"--config", "conf/haproxy.cfg", "--users-file", "users", "--listen", "127.0.0.1:0", "--maps-dir", "lists",
		"--validate-as", "root"}, io.Discard) // the directories are the point here, not who checks
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := runAgent(t, f)
	for file, want := range map[string]int{
		"lists/a.lst":          200, // --maps-dir
		"conf/general/a.lst":   200, // --general-storage-dir's default
		"conf/ssl/not-a-cert":  200, // --ssl-certs-dir's default: any kind of file in any directory
		"conf/maps/a.lst":      422, // --maps-dir's default, replaced by the flag
		"elsewhere/secret.lst": 422,
	} {
		body := fmt.Sprintf(`{"acl_name":"a","criterion":"src","value":"-f %s"}`, filepath.Join(dir, file))
		req, _ := http.NewRequest("POST", "http://"+addr+"/v3/services/haproxy/configuration/frontends/fe/acls/0?version=1&dry_run=true", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth("admin", "pw")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("-f %s: %d %s, want %d", file, resp.StatusCode, answer, want)
		}
	}
}
