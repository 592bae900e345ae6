package agent

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestNameWithSlashInPath: a bind named by its socket's path is reached with
// its name escaped in one path segment (%2F), read and replaced there; the
// route table splits the path before it unescapes it.
func TestNameWithSlashInPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HAPROXY_RUN_DIR", dir)
	ta := startAgent(t, strings.Replace(baseConfig(freePorts(t, 1)[0]), "    default_backend be_app\n",
		"    bind \"${HAPROXY_RUN_DIR}/edge.sock\" mode 600\n    default_backend be_app\n", 1))
	name := `"${HAPROXY_RUN_DIR}/edge.sock"`
	one := cfgPath + "/frontends/fe_main/binds/" + url.PathEscape(name)
	var b item
	ta.getJSON(t, one, &b)
	if b["name"] != name || b["mode"] != "600" {
		t.Fatalf("GET %s: %v", one, b)
	}
	b["mode"] = "660"
	r := ta.do("PUT", fmt.Sprintf("%s?version=%d", one, ta.version()), b).expect(t, 202)
	if st := ta.waitReload(r.header.Get("Reload-ID")); st != "succeeded" {
		t.Fatalf("reload %s", st)
	}
	if f := ta.file(); !strings.Contains(f, "    bind \"${HAPROXY_RUN_DIR}/edge.sock\" mode 660\n") {
		t.Fatalf("the bind was not replaced in place:\n%s", f)
	}
}
