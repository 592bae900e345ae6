package agent

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// certUser are the lines that may name a certificate with `crt` or
// `crt-list`: binds (served certificates) and servers (client certificates).
var certUser = map[string]bool{"bind": true, "server": true, "default-server": true, "server-template": true, "ssl-f-use": true}

// certificateUses are the lines of cfg that have HAProxy load the certificate
// file path: a `crt` naming it, or naming its directory (HAProxy loads every
// file of a directory), or a `crt-list` whose list names it. Relative paths are
// read as HAProxy reads them: against crt-base, else against workDir, where
// HAProxy runs. Each use says where it is, for a refusal's message.
func certificateUses(cfg *haproxycfg.Config, path, workDir string) []string {
	base := workDir
	for _, s := range cfg.Sections() {
		if s.Kind != "global" {
			continue
		}
		for _, l := range s.Lines() {
			if w := l.Words(); len(w) == 2 && w[0] == "crt-base" {
				base = absoluteIn(workDir, w[1])
			}
		}
	}
	target, dir := realPath(path), realPath(filepath.Dir(path))
	var uses []string
	n := 0
	for _, s := range cfg.Sections() {
		for _, l := range s.Lines() {
			n++
			w := l.Words()
			if len(w) == 0 || !certUser[w[0]] {
				continue
			}
			where := func(how string) string {
				return fmt.Sprintf("%s (line %d: %s) %s", describeSection(s), n, strings.Join(w, " "), how)
			}
			for i := 1; i+1 < len(w); i++ {
				switch w[i] {
				case "crt":
					switch realPath(absoluteIn(base, w[i+1])) {
					case target:
						uses = append(uses, where("names it with crt"))
					case dir:
						uses = append(uses, where("loads every certificate of its directory with crt"))
					}
				case "crt-list":
					list := absoluteIn(base, w[i+1])
					if crtListNames(list, base, target) {
						uses = append(uses, where("names it in its crt-list "+list))
					}
				}
			}
		}
	}
	return uses
}

// crtListNames tells whether the crt-list file list names the certificate
// target: each of its lines is `<certificate> [[options]] [filters]`.
func crtListNames(list, base, target string) bool {
	data, err := os.ReadFile(list)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && !strings.HasPrefix(f[0], "#") && realPath(absoluteIn(base, f[0])) == target {
			return true
		}
	}
	return false
}

func describeSection(s *haproxycfg.Section) string {
	if s.Name == "" {
		return s.Kind + " section"
	}
	return s.Kind + " " + s.Name
}
