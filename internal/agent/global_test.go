package agent

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

const globalPath = cfgPath + "/global"

// atVersion is the global path at the configuration's current version.
func atVersion(ta *testAgent) string { return fmt.Sprintf("%s?version=%d", globalPath, ta.version()) }

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// globalOn26 is a global model with fields of every kind that HAProxy 2.6
// knows (measured with `haproxy -c`, one line each), values it accepts.
func globalOn26(dir string) dataplane.Global {
	socket := filepath.Join(dir, "admin.sock")
	p := func(v int64) *int64 { return &v }
	g := dataplane.Global{
		Description: "the edge", Node: "lb1", Nbthread: p(2), HardStopAfter: p(30000), Grace: p(100),
		StatsTimeout: p(30000), StatsMaxconn: p(10), NumaCPUMapping: "disabled", MasterWorker: true,
		H1AcceptPayloadWithAnyMethod: true, H2WorkaroundBogusWebsocketClients: true, MworkerMaxReloads: p(50),
		Pp2NeverSendLocal: true, StrictLimits: true, CloseSpreadTime: p(1000), ClusterSecret: "s3cr3t",
		CPUMaps:          []dataplane.CPUMap{{Process: "1/all", CPUSet: "0"}},
		H1CaseAdjust:     []dataplane.H1CaseAdjust{{From: "content-length", To: "Content-Length"}},
		LogSendHostname:  &dataplane.LogSendHostname{Enabled: "enabled", Param: "lb1"},
		SetVar:           []dataplane.GlobalSetVar{{Name: "proc.a", Expr: "int(1)"}},
		SetVarFmt:        []dataplane.GlobalSetVarFmt{{Name: "proc.b", Format: `"%[var(proc.a)]"`}},
		ThreadGroupLines: []dataplane.ThreadGroup{{Group: "1", NumOrRange: "1-2"}},
		RuntimeAPIs:      []dataplane.RuntimeAPI{{Name: "admin", Bind: dataplane.Bind{Address: socket}}},
		PerformanceOptions: &dataplane.PerformanceOptions{Maxconn: p(4000), Maxconnrate: p(1000), Maxsessrate: p(1000),
			Maxcomprate: p(100), Maxcompcpuusage: p(90), Maxpipes: p(100), Maxzlibmem: p(10), SpreadChecks: p(5),
			MaxSpreadChecks: p(2000), Noepoll: true, Nosplice: true, Noreuseport: true, Nogetaddrinfo: true, ProfilingTasks: "auto",
			ServerStateBase: "/tmp", FdHardLimit: p(10000)},
		SSLOptions: &dataplane.SSLOptions{DefaultBindCiphers: "ECDHE-RSA-AES128-GCM-SHA256", DefaultBindCiphersuites: "TLS_AES_128_GCM_SHA256",
			DefaultBindOptions: "ssl-min-ver TLSv1.2 no-tls-tickets", DefaultServerCiphers: "ECDHE-RSA-AES256-GCM-SHA384",
			DefaultServerOptions: "no-tls-tickets", DefaultBindCurves: "X25519:P-256", ServerVerify: "none", Maxsslconn: p(1000),
			Maxsslrate: p(100), SkipSelfIssuedCa: true, CaBase: "/etc/ssl/certs", CrtBase: "/etc/ssl/private"},
		TuneOptions: &dataplane.TuneOptions{Maxrewrite: p(1024), HTTPMaxhdr: p(101), CompMaxlevel: p(5), IdlePoolShared: "disabled",
			ListenerMultiQueue: "enabled", SchedLowLatency: "enabled", H2HeaderTableSize: p(4096), H2MaxFrameSize: p(16384),
			H2InitialWindowSize: p(65535), H2MaxConcurrentStreams: p(100), HTTPCookielen: p(63), HTTPLogurilen: p(1024),
			Idletimer: p(1000), Maxaccept: p(64), Maxpollevents: p(200), PatternCacheSize: p(10000), PeersMaxUpdatesAtOnce: p(200),
			PoolHighFdRatio: p(25), PoolLowFdRatio: p(20), RunqueueDepth: p(200), FailAlloc: false},
		TuneBufferOptions: &dataplane.TuneBufferOptions{Bufsize: p(32768), BuffersReserve: p(4), BuffersLimit: p(100000),
			Pipesize: p(65536), RcvbufClient: p(65536), SndbufServer: p(65536), RecvEnough: p(10000)},
		TuneSSLOptions: &dataplane.TuneSSLOptions{DefaultDhParam: p(2048), Cachesize: p(20000), Lifetime: p(300000),
			Maxrecord: p(1400), Keylog: "enabled", ForcePrivateCache: true, CaptureBufferSize: p(128), CtxCacheSize: p(1000)},
		TuneVarsOptions: &dataplane.TuneVarsOptions{GlobalMaxSize: p(1024), ProcMaxSize: p(1024), ReqresMaxSize: p(1024),
			SessMaxSize: p(1024), TxnMaxSize: p(1024)},
		TuneLuaOptions: &dataplane.TuneLuaOptions{ForcedYield: p(10000), Maxmem: p(64), SessionTimeout: p(4000),
			TaskTimeout: p(4000), ServiceTimeout: p(4000)},
	}
	g.RuntimeAPIs[0].Level = "admin"
	g.RuntimeAPIs[0].Mode = "600"
	// privileged ones, which the admin writes
	g.UID, g.Gid, g.Daemon, g.ExternalCheck, g.InsecureForkWanted, g.InsecureSetuidWanted = p(0), p(0), true, true, true, true
	g.Pidfile, g.SetDumpable, g.Localpeer = filepath.Join(dir, "haproxy.pid"), true, "lb1"
	g.DefaultPath = &dataplane.DefaultPath{Type: "config"}
	g.ExposeExperimentalDirectives = true
	g.TuneOptions.FdEdgeTriggered = "enabled"
	g.ThreadGroups = p(1)
	g.DebugOptions = &dataplane.DebugOptions{Quiet: true}
	g.LuaOptions = &dataplane.LuaOptions{Loads: []dataplane.LuaLoad{{File: filepath.Join(dir, "hello.lua")}},
		PrependPath: []dataplane.LuaPrependPath{{Path: filepath.Join(dir, "?.lua")}, {Path: filepath.Join(dir, "?.so"), Type: "cpath"}}}
	g.EnvironmentOptions = &dataplane.EnvironmentOptions{Presetenv: []dataplane.EnvVar{{Name: "TFH_A", Value: "1"}},
		Setenv: []dataplane.EnvVar{{Name: "TFH_B", Value: `"two words"`}}, Unsetenv: "TFH_C TFH_D"}
	g.HTTPClientOptions = &dataplane.HTTPClientOptions{ResolversPrefer: "ipv4", SSLVerify: "none"}
	g.SSLOptions.ModeAsync = "enabled"
	g.PerformanceOptions.Noevports, g.PerformanceOptions.Nokqueue = true, true
	return g
}

// TestGlobalOn26: a PUT of fields of every kind HAProxy 2.6 knows reloads and
// reads back as written, keeping the lines the model does not hold; a field
// 2.6 does not know is refused with HAProxy's own message and the file stays;
// privileged lines take the admin role.
func TestGlobalOn26(t *testing.T) {
	ta := startAgent(t, strings.Replace(baseConfig(freePorts(t, 1)[0]), "    maxconn 2000\n",
		"    maxconn 2000\n    log stdout format raw local0\n", 1))
	var g dataplane.Global
	ta.do("GET", globalPath, nil).expect(t, 200).json(t, &g)
	if jsonOf(t, g) != `{"performance_options":{"maxconn":2000}}` {
		t.Fatalf("GET: %s", jsonOf(t, g))
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hello.lua"), []byte("-- loaded by the test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := globalOn26(dir)
	r := ta.do("PUT", globalPath+"?version=1", want).expect(t, 202)
	if status := ta.waitReload(r.header.Get("Reload-ID")); status != "succeeded" {
		var rl struct{ Response string }
		ta.do("GET", "/v3/services/haproxy/reloads/"+r.header.Get("Reload-ID"), nil).json(t, &rl)
		t.Fatalf("reload %s: %s", status, rl.Response)
	}
	var got dataplane.Global
	ta.do("GET", globalPath, nil).expect(t, 200).json(t, &got)
	if jsonOf(t, got) != jsonOf(t, want) {
		t.Fatalf("read back:\n got %s\nwant %s", jsonOf(t, got), jsonOf(t, want))
	}
	file := ta.file()
	if !strings.Contains(file, "    log stdout format raw local0\n") || !strings.Contains(file, "    maxconn 4000\n") {
		t.Fatalf("file:\n%s", file)
	}

	// Fields HAProxy 2.6 does not know: its message, nothing written. The
	// section says `quiet`, which silences `haproxy -c` unless it is run
	// with -V: the message is there all the same.
	for name, tc := range map[string]struct {
		set  func(g *dataplane.Global)
		says string
	}{
		"cpu_policy":         {func(g *dataplane.Global) { g.CPUPolicy = "performance" }, "unknown keyword 'cpu-policy'"},
		"tune.quic":          {func(g *dataplane.Global) { g.TuneQuicOptions = &dataplane.TuneQuicOptions{SocketOwner: "listener"} }, "unknown keyword 'tune.quic.socket-owner'"},
		"ocsp-update.mode":   {func(g *dataplane.Global) { g.OcspUpdateOptions = &dataplane.OcspUpdateOptions{Mode: "enabled"} }, "unknown keyword 'ocsp-update.mode'"},
		"tune.zlib.memlevel": {func(g *dataplane.Global) { g.TuneZlibOptions = &dataplane.TuneZlibOptions{Memlevel: ptr[int64](8)} }, "unknown keyword 'tune.zlib.memlevel'"},
		"harden": {func(g *dataplane.Global) {
			g.Harden = &dataplane.Harden{RejectPrivilegedPorts: &dataplane.RejectPrivilegedPorts{TCP: "enabled"}}
		}, "unknown keyword 'harden.reject-privileged-ports.tcp'"},
		"http-err-codes":        {func(g *dataplane.Global) { g.HTTPErrCodes = []dataplane.HTTPCodes{{Value: "400-499"}} }, "unknown keyword 'http-err-codes'"},
		"stats calculate-max-c": {func(g *dataplane.Global) { g.StatsCalculateMaxCounters = "enabled" }, "calculate-max-counters"},
	} {
		t.Run(name, func(t *testing.T) {
			bad := want
			tc.set(&bad)
			r := ta.do("PUT", atVersion(ta), bad).expect(t, 400)
			if !strings.Contains(string(r.body), tc.says) {
				t.Errorf("400 without HAProxy's message %q: %s", tc.says, r.body)
			}
			if ta.file() != file {
				t.Error("the refused write changed the file")
			}
		})
	}

	// Privileged: the operator may change maxconn, not the runtime API, a
	// user or a Lua script; the admin (above) may.
	asOperator := func(g dataplane.Global) response {
		return ta.doAs(testOperator, testOperatorPassword, "PUT", atVersion(ta), g, "")
	}
	edit := want
	edit.PerformanceOptions = &dataplane.PerformanceOptions{Maxconn: ptr[int64](5000)}
	if r := asOperator(edit).expect(t, 202); ta.waitReload(r.header.Get("Reload-ID")) != "succeeded" {
		t.Fatal("the operator's maxconn did not reload")
	}
	want = edit
	file = ta.file()
	for name, set := range map[string]func(g *dataplane.Global){
		"stats socket removed": func(g *dataplane.Global) { g.RuntimeAPIs = nil },
		"lua-load": func(g *dataplane.Global) {
			g.LuaOptions = &dataplane.LuaOptions{Loads: []dataplane.LuaLoad{{File: "/tmp/x.lua"}}}
		},
		"user": func(g *dataplane.Global) { g.User = "root" },
		"setenv": func(g *dataplane.Global) {
			g.EnvironmentOptions = &dataplane.EnvironmentOptions{Setenv: []dataplane.EnvVar{{Name: "A", Value: "b"}}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			bad := want
			set(&bad)
			forbidden(t, asOperator(bad), "privileged directive")
			if ta.file() != file {
				t.Error("the refused write changed the file")
			}
		})
	}

	// Every official member null (unset), and one the model does not define
	// (ignored), as drop-in clients send them: the section keeps only what
	// the model does not hold.
	body := map[string]any{"not_an_official_member": 1}
	for _, k := range dataplane.OfficialFields["global"] {
		body[k] = nil
	}
	r = ta.do("PUT", atVersion(ta), body).expect(t, 202)
	if status := ta.waitReload(r.header.Get("Reload-ID")); status != "succeeded" {
		t.Fatalf("reload %s", status)
	}
	var cleared dataplane.Global
	ta.do("GET", globalPath, nil).expect(t, 200).json(t, &cleared)
	if jsonOf(t, cleared) != "{}" || !strings.Contains(ta.file(), "global\n    log stdout format raw local0\n\n") {
		t.Fatalf("after a PUT of nulls: %s\n%s", jsonOf(t, cleared), ta.file())
	}
}
