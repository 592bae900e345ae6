package filedirs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
)

// TestAllow: a path is inside when the kernel would open it inside, `..` and
// symbolic links followed; relative paths are refused.
func TestAllow(t *testing.T) {
	root := t.TempDir()
	maps, outside := filepath.Join(root, "maps"), filepath.Join(root, "outside")
	for _, dir := range []string{maps, outside, filepath.Join(maps, "sub")} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(outside, "secret")
	if err := os.WriteFile(secret, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		filepath.Join(maps, "to-secret"):  secret,
		filepath.Join(maps, "to-outside"): outside,
		filepath.Join(maps, "relative"):   "../outside/secret",
		filepath.Join(maps, "to-sub"):     "sub",
		filepath.Join(root, "maps-link"):  maps,
		filepath.Join(maps, "loop"):       "loop",
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	d, err := New(filepath.Join(root, "maps-link")) // the allowed directory through a link
	if err != nil {
		t.Fatal(err)
	}
	for path, ok := range map[string]bool{
		maps:                                   true, // a directory of certificates is itself allowed
		maps + "/":                             true,
		maps + "/hosts.map":                    true, // not there yet: allowed, HAProxy will say it is missing
		maps + "/sub/../hosts.map":             true,
		maps + "/to-sub/a.lst":                 true,
		root + "/maps-link/a.lst":              true,
		maps + "/nope/../../outside/secret":    false, // lexically outside past what exists
		maps + "/../outside/secret":            false,
		maps + "/to-secret":                    false, // a link inside to a file outside
		maps + "/relative":                     false,
		maps + "/to-outside/secret":            false,
		maps + "/to-outside/../outside/secret": false, // the kernel goes to outside/.. = root, not maps
		maps + "/loop":                         false,
		secret:                                 false,
		root + "/mapsx/a.lst":                  false, // a prefix of the name is not the directory
		"a.lst":                                false,
		"./maps/a.lst":                         false,
	} {
		err := d.Allow(path)
		if (err == nil) != ok {
			t.Errorf("Allow(%q) = %v, want allowed %v", path, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("%q", path)) {
			t.Errorf("Allow(%q): %v does not name the path", path, err)
		}
	}
	if _, err := New("relative/dir"); err == nil {
		t.Error("a relative allowed directory was accepted")
	}
}

// TestRedactRealHAProxy: HAProxy quotes what it read from a file it cannot use
// (a pattern file's first line, a crt-list's, without naming the crt-list). Its
// alerts about a file outside the directories reach no client with that content;
// about a file inside, they stay as HAProxy wrote them.
func TestRedactRealHAProxy(t *testing.T) {
	root := t.TempDir()
	maps, outside := filepath.Join(root, "maps"), filepath.Join(root, "outside")
	const content = "root:TOPSECRETHASH:19000:0:99999:7:::"
	for _, dir := range []string{maps, outside} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "secret"), []byte(content+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	d, err := New(maps)
	if err != nil {
		t.Fatal(err)
	}
	validator := &haproxy.Validator{TempDir: root, WorkDir: root, Redact: d.Redact}
	config := func(file, line string) string {
		return "defaults\n    mode http\n    timeout client 1s\n    timeout server 1s\n    timeout connect 1s\n" +
			"frontend fe\n    bind 127.0.0.1:8080\n    " + strings.ReplaceAll(line, "FILE", file) + "\n"
	}
	lines := []string{
		"acl a src -f FILE",                              // '<content>' is not a valid IPv4 or IPv6 address at line 1 of file '<file>'
		"acl b hdr(host),map_int(FILE) -m found",         // the same through a map converter
		"http-request set-header X %[src,map_ip(FILE)]",  // and in a log-format
		"bind 127.0.0.1:8443 ssl crt-list FILE",          // unable to stat SSL certificate from file '<content>': the crt-list is not named
		"http-request return status 200 errorfile FILE",  // no content quoted; withheld all the same
		"acl c src -f secret",                            // relative, read against the working directory (root/outside)
		"acl d src -f " + filepath.Join(maps, "missing"), // inside, no content: HAProxy's message as is
	}
	for _, line := range lines {
		for _, dir := range []string{outside, maps} {
			file := filepath.Join(dir, "secret")
			if strings.HasSuffix(line, "secret") || strings.HasSuffix(line, "missing") {
				if dir == maps {
					continue
				}
				validator.WorkDir = outside
			}
			err := validator.Validate(context.Background(), []byte(config(file, line)))
			var ve *haproxy.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("%s: want a validation error, got %v", line, err)
			}
			msg := ve.Error()
			validator.WorkDir = root
			switch {
			case !strings.Contains(msg, "[haproxy.cfg:8]"):
				t.Errorf("%s: the alert lost its location: %s", line, msg)
			case strings.HasSuffix(line, "missing"):
				if strings.Contains(msg, Withheld) || !strings.Contains(msg, "missing") {
					t.Errorf("%s: an alert about a file inside was changed: %s", line, msg)
				}
			case dir == outside && (strings.Contains(msg, "TOPSECRET") || !strings.Contains(msg, Withheld)):
				t.Errorf("%s: the alert about a file outside was not withheld: %s", line, msg)
			case dir == maps && strings.Contains(line, "src -f") && !strings.Contains(msg, "TOPSECRET"):
				t.Errorf("%s: the alert about a file inside lost HAProxy's words: %s", line, msg)
			}
		}
	}
}

// TestRedactReloadAlerts: a reload's alerts name the configuration by its path;
// the line they are about decides, and the path itself is not a file named.
func TestRedactReloadAlerts(t *testing.T) {
	d, err := New("/etc/haproxy/maps")
	if err != nil {
		t.Fatal(err)
	}
	config := []byte("frontend fe\n    bind :80\n    acl a src -f /etc/shadow\n    acl b src -f /etc/haproxy/maps/b.lst\n")
	const name = "/etc/haproxy/haproxy.cfg"
	alerts := []string{
		"[ALERT]    (7) : config : parsing [/etc/haproxy/haproxy.cfg:3] : error detected while parsing ACL 'a' : 'root:x' is not a valid IPv4 or IPv6 address at line 1 of file '/etc/shadow'.",
		"[ALERT]    (7) : config : parsing [/etc/haproxy/haproxy.cfg:4] : error detected while parsing ACL 'b' : 'x' is not a valid IPv4 or IPv6 address at line 1 of file '/etc/haproxy/maps/b.lst'.",
		"[ALERT]    (7) : config : Error(s) found in configuration file : /etc/haproxy/haproxy.cfg",
		"[ALERT]    (7) : config : 'ca-file' : unable to load /etc/ssl/private/key.pem.",
	}
	want := []string{
		"[ALERT]    (7) : config : parsing [/etc/haproxy/haproxy.cfg:3] : " + Withheld,
		alerts[1],
		alerts[2],
		"[ALERT]    (7) : config : " + Withheld,
	}
	got := d.Redact(alerts, config, name)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("alert %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}
