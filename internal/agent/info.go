package agent

import (
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
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
				extensions := []string{dataplane.ExtensionDryRun, dataplane.ExtensionObjectVersions, dataplane.ExtensionReloadWait}
				if c.role == RoleReadOnly {
					extensions = []string{dataplane.ExtensionObjectVersions, dataplane.ExtensionReloadWait}
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
		{method: http.MethodGet, path: "/specification", summary: "This API's OpenAPI 3 document (the official server's path for its own)", reply: map[string]any{}, codes: []int{200},
			handle: func(c *call) (int, any, error) { return http.StatusOK, a.openAPI(), nil }},
		{method: http.MethodGet, path: "/services/haproxy/runtime/info", summary: "The running HAProxy's process information (show info)", reply: map[string]any{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				if a.runtime == nil {
					return 0, nil, errNoHAProxy
				}
				info, err := a.runtime.Info(c.r.Context())
				if err != nil {
					return 0, nil, err
				}
				return http.StatusOK, map[string]any{"info": processInfo(info)}, nil
			}},
	}
}

// showInfoNames maps the names of HAProxy's `show info` to the official
// process_info model's, for the values that model has.
var showInfoNames = map[string]string{
	"Pid": "pid", "Uptime_sec": "uptime", "Version": "version", "Release_date": "release_date", "Nbthread": "nbthread",
	"Nbproc": "processes", "Process_num": "process_num", "node": "node", "Memmax_MB": "mem_max_mb",
	"PoolAlloc_MB": "pool_alloc_mb", "PoolUsed_MB": "pool_used_mb", "PoolFailed": "pool_failed", "Ulimit-n": "ulimit_n",
	"Maxsock": "max_sock", "Maxconn": "max_conn", "Hard_maxconn": "hard_max_conn", "CurrConns": "curr_conns",
	"CumConns": "cum_conns", "CumReq": "cum_req", "MaxSslConns": "max_ssl_conns", "CurrSslConns": "curr_ssl_conns",
	"CumSslConns": "cum_ssl_conns", "Maxpipes": "max_pipes", "PipesUsed": "pipes_used", "PipesFree": "pipes_free",
	"ConnRate": "conn_rate", "ConnRateLimit": "conn_rate_limit", "MaxConnRate": "max_conn_rate", "SessRate": "sess_rate",
	"SessRateLimit": "sess_rate_limit", "MaxSessRate": "max_sess_rate", "SslRate": "ssl_rate", "SslRateLimit": "ssl_rate_limit",
	"MaxSslRate": "max_ssl_rate", "SslFrontendKeyRate": "ssl_frontend_key_rate", "SslFrontendMaxKeyRate": "ssl_frontend_max_key_rate",
	"SslFrontendSessionReuse_pct": "ssl_frontend_session_reuse", "SslBackendKeyRate": "ssl_backend_key_rate",
	"SslBackendMaxKeyRate": "ssl_backend_max_key_rate", "SslCacheLookups": "ssl_cache_lookups", "SslCacheMisses": "ssl_cache_misses",
	"CompressBpsIn": "compress_bps_in", "CompressBpsOut": "compress_bps_out", "CompressBpsRateLim": "compress_bps_rate_lim",
	"ZlibMemUsage": "zlib_mem_usage", "MaxZlibMemUsage": "max_zlib_mem_usage", "Tasks": "tasks", "Run_queue": "run_queue",
	"Idle_pct": "idle_pct", "Stopping": "stopping", "Jobs": "jobs", "Unstoppable Jobs": "unstoppable", "Unstoppable_jobs": "unstoppable",
	"Listeners": "listeners", "ActivePeers": "active_peers", "ConnectedPeers": "connected_peers", "DroppedLogs": "dropped_logs",
	"BusyPolling": "busy_polling", "FailedResolutions": "failed_resolutions", "TotalBytesOut": "total_bytes_out",
	"BytesOutRate": "bytes_out_rate",
}

// processInfo is `show info` as the official process_info_item: integers as
// numbers, the release date as a date (2023/02/14 is 2023-02-14).
func processInfo(info map[string]string) map[string]any {
	out := map[string]any{}
	for name, value := range info {
		official, ok := showInfoNames[name]
		if !ok {
			continue
		}
		switch official {
		case "version", "node":
			out[official] = value
		case "release_date":
			out[official] = strings.ReplaceAll(value, "/", "-")
		default:
			if n, err := strconv.ParseInt(value, 10, 64); err == nil {
				out[official] = n
			}
		}
	}
	return out
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
