package haproxycfg

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// TestEscapesAsHAProxyServesThem holds the tokenizer to the real HAProxy: the
// bodies HAProxy serves for the `http-request return` lines of escapes.cfg are
// the words our tokenizer reads from them. It then writes every rule, ACL,
// switching rule, server and bind line anew from its model, and the new file,
// run by HAProxy, serves the same bodies.
func TestEscapesAsHAProxyServesThem(t *testing.T) {
	c, _ := loadConfig(t, "escapes.cfg")
	rules := must[[]httpRule](t)(HTTPRequestRules.List(c, "frontend", "fe_escapes"))
	want := map[string]string{
		"/status": "haproxy is up\n\tand \"quoted\" \\ back!",
		"/single": `single ${HOME} \n`,
		"/plain":  `plain words#hash\$`,
		"/home":   os.Getenv("HOME"),
		"/q":      `api a "quoted" word`,
	}
	for i, path := range []string{"/status", "/single", "/plain"} {
		toks, _ := tokenize(rules[i].ReturnContent)
		if len(toks) != 1 || toks[0].text != want[path] {
			t.Fatalf("our tokenizer reads %s as %+v, HAProxy as %q", rules[i].ReturnContent, toks, want[path])
		}
	}
	fresh := c.Clone()
	n := rewriteFresh(fresh)
	if n != 17 || string(fresh.Bytes()) == string(c.Bytes()) {
		t.Fatalf("%d lines written anew, want 17, and a file with other bytes", n)
	}
	for name, cfg := range map[string]*Config{"as written": c, "written anew": fresh} {
		t.Run(name, func(t *testing.T) {
			port := freePort(t)
			text := strings.Replace(string(cfg.Bytes()), "127.0.0.1:18500", fmt.Sprintf("127.0.0.1:%d", port), 1)
			runHAProxy(t, text)
			for path, body := range want {
				req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d%s", port, path), nil)
				req.Header.Set("X-Q", `a "quoted" word`)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(got) != body {
					t.Errorf("%s: HAProxy serves %q, want %q", path, got, body)
				}
			}
		})
	}
}

// rewriteFresh replaces every rule, ACL, switching rule, server and bind line of
// c by a new line, words separated by one space, made from its model, and returns
// how many it replaced.
func rewriteFresh(c *Config) int {
	n := 0
	for i, s := range c.sections {
		if s.Kind != "frontend" && s.Kind != "backend" {
			continue
		}
		e := c.edit(i)
		for k, l := range e.lines {
			var words []string
			switch l.keyword() {
			case ACLs.keyword:
				m := ACLs.read(l)
				words = ACLs.words(&m)
			case HTTPRequestRules.keyword:
				m := HTTPRequestRules.read(l)
				words = HTTPRequestRules.words(&m)
			case BackendSwitchingRules.keyword:
				m := BackendSwitchingRules.read(l)
				words = BackendSwitchingRules.words(&m)
			case Servers.keyword:
				m := Servers.read(l)
				words = c.serverLine(nil, &m).spells
			case Binds.keyword:
				m := Binds.read(l)
				words = Binds.line(c, nil, &m).spells
			default:
				continue
			}
			e.lines[k] = newLine(indentOf(l) + strings.Join(words, " ") + l.eol())
			n++
		}
	}
	return n
}

// runHAProxy runs HAProxy on config until the test ends.
func runHAProxy(t *testing.T, config string) {
	dir := t.TempDir()
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := haproxy.Start(context.Background(), haproxy.StartOptions{Config: path, MasterSocket: filepath.Join(dir, "master.sock"), WorkDir: dir})
	if err != nil {
		t.Fatalf("%v\n%s", err, config)
	}
	t.Cleanup(func() { _ = p.Stop(context.Background()) })
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
