package agent

import (
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

var started = time.Now()

func (a *Agent) infoRoutes() []*route {
	return []*route{
		{method: http.MethodGet, path: "/info", summary: "The agent's and HAProxy's versions", reply: dataplane.Info{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				host, _ := os.Hostname()
				// The extensions this user may use: a read-only user may not
				// dry_run, so a plan it makes does not try.
				extensions := []string{dataplane.ExtensionDryRun}
				if c.role == RoleReadOnly {
					extensions = nil
				}
				return http.StatusOK, dataplane.Info{
					API:     dataplane.InfoAPI{Version: a.opts.Version, Extensions: extensions},
					System:  dataplane.InfoSystem{Hostname: host, OSString: runtime.GOOS + "/" + runtime.GOARCH, Time: time.Now().Unix(), Uptime: int64(time.Since(started).Seconds())},
					HAProxy: dataplane.InfoHAProxy{Version: a.haproxyVersion()},
				}, nil
			}},
		{method: http.MethodGet, path: "/health", summary: "Whether HAProxy is up", reply: dataplane.Health{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				state := "unknown"
				if a.opts.Master != nil {
					state = "down"
					if procs, err := a.opts.Master.Processes(c.r.Context()); err == nil {
						for _, p := range procs {
							if p.Role == "worker" && !p.Old {
								state = "up"
							}
						}
					}
				}
				return http.StatusOK, dataplane.Health{HAProxy: state}, nil
			}},
		{method: http.MethodGet, path: configBase + "version", summary: "The configuration's version", reply: int64(0), codes: []int{200},
			handle: func(c *call) (int, any, error) {
				v, err := a.engine.Version()
				c.version = v
				return http.StatusOK, v, err
			}},
		{method: http.MethodGet, path: "/specification_openapiv3", summary: "This API's OpenAPI 3 document", reply: map[string]any{}, codes: []int{200},
			handle: func(c *call) (int, any, error) { return http.StatusOK, a.openAPI(), nil }},
	}
}

// haproxyVersion is the first line of `haproxy -v`, read once.
func (a *Agent) haproxyVersion() string {
	a.versionOnce.Do(func() {
		bin := a.opts.HAProxyBin
		if bin == "" {
			bin = "haproxy"
		}
		out, err := exec.Command(bin, "-v").Output()
		if err == nil {
			line, _, _ := strings.Cut(string(out), "\n")
			if f := strings.Fields(line); len(f) >= 3 {
				a.versionText = f[2] // "HAProxy version 2.6.12-1+deb12u2 2025/..."
			}
		}
	})
	return a.versionText
}
