package dataplane

// Global is the `global` section, the official v3 global model (global_base
// with its nested objects). The `hap` tags are as on the frontend's settings
// (see sections.go), with the kinds of global values besides: `onoff` is a
// string "enabled"/"disabled" written `<keyword> on|off` (other enum values,
// such as "auto", as they are), `bytes` a size in bytes, read as HAProxy reads
// a size (16k) and written as a number. A field of a nested object is tagged
// on the object's type, so a new setting is one line here.
//
// The official log_target_list (the `log` lines, the full section's child) is
// not modeled here: the `log` lines stay as written.
type Global struct {
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the `global` line

	Chroot                                 string `json:"chroot,omitempty" hap:"chroot,text"`
	CloseSpreadTime                        *int64 `json:"close_spread_time,omitempty" hap:"close-spread-time,time" range:"0,2147483648"`
	ClusterSecret                          string `json:"cluster_secret,omitempty" hap:"cluster-secret,text"`
	CPUPolicy                              string `json:"cpu_policy,omitempty" hap:"cpu-policy,word" enum:"none|efficiency|first-usable-node|group-by-2-ccx|group-by-2-clusters|group-by-3-ccx|group-by-3-clusters|group-by-4-ccx|group-by-4-cluster|group-by-ccx|group-by-cluster|performance|resource"`
	Daemon                                 bool   `json:"daemon,omitempty" hap:"daemon,flag"`
	Description                            string `json:"description,omitempty" hap:"description,line"`
	DNSAcceptFamily                        string `json:"dns_accept_family,omitempty" hap:"dns-accept-family,text"`
	ExposeDeprecatedDirectives             bool   `json:"expose_deprecated_directives,omitempty" hap:"expose-deprecated-directives,flag"`
	ExposeExperimentalDirectives           bool   `json:"expose_experimental_directives,omitempty" hap:"expose-experimental-directives,flag"`
	ExternalCheck                          bool   `json:"external_check,omitempty" hap:"external-check,flag"`
	ForceCfgParserPause                    *int64 `json:"force_cfg_parser_pause,omitempty" hap:"force-cfg-parser-pause,time" range:"0,2147483648"`
	Gid                                    *int64 `json:"gid,omitempty" hap:"gid,int" range:"0,4294967295"`
	Grace                                  *int64 `json:"grace,omitempty" hap:"grace,time" range:"0,2147483648"`
	Group                                  string `json:"group,omitempty" hap:"group,text"`
	H1AcceptPayloadWithAnyMethod           bool   `json:"h1_accept_payload_with_any_method,omitempty" hap:"h1-accept-payload-with-any-method,flag"`
	H1CaseAdjustFile                       string `json:"h1_case_adjust_file,omitempty" hap:"h1-case-adjust-file,file"`
	H1DoNotCloseOnInsecureTransferEncoding bool   `json:"h1_do_not_close_on_insecure_transfer_encoding,omitempty" hap:"h1-do-not-close-on-insecure-transfer-encoding,flag"`
	H2WorkaroundBogusWebsocketClients      bool   `json:"h2_workaround_bogus_websocket_clients,omitempty" hap:"h2-workaround-bogus-websocket-clients,flag"`
	HardStopAfter                          *int64 `json:"hard_stop_after,omitempty" hap:"hard-stop-after,time" range:"0,2147483648"`
	InsecureForkWanted                     bool   `json:"insecure_fork_wanted,omitempty" hap:"insecure-fork-wanted,flag"`
	InsecureSetuidWanted                   bool   `json:"insecure_setuid_wanted,omitempty" hap:"insecure-setuid-wanted,flag"`
	LimitedQuic                            bool   `json:"limited_quic,omitempty" hap:"limited-quic,flag"`
	Localpeer                              string `json:"localpeer,omitempty" hap:"localpeer,text"`
	MasterWorker                           bool   `json:"master-worker,omitempty" hap:"master-worker,flag"`
	MaxThreadsPerGroup                     *int64 `json:"max_threads_per_group,omitempty" hap:"max-threads-per-group,int" range:"1,2147483648"`
	MworkerMaxReloads                      *int64 `json:"mworker_max_reloads,omitempty" hap:"mworker-max-reloads,int" range:"0,2147483648"`
	Nbthread                               *int64 `json:"nbthread,omitempty" hap:"nbthread,int" range:"1,2147483648"`
	NoQuic                                 bool   `json:"no_quic,omitempty" hap:"no-quic,flag"`
	Node                                   string `json:"node,omitempty" hap:"node,text"`
	NumaCPUMapping                         string `json:"numa_cpu_mapping,omitempty" hap:"numa-cpu-mapping,switch"`
	Pidfile                                string `json:"pidfile,omitempty" hap:"pidfile,text"`
	Pp2NeverSendLocal                      bool   `json:"pp2_never_send_local,omitempty" hap:"pp2-never-send-local,flag"`
	PreallocFD                             bool   `json:"prealloc_fd,omitempty" hap:"prealloc-fd,flag"`
	SetDumpable                            bool   `json:"set_dumpable,omitempty" hap:"set-dumpable,flag"`
	Setcap                                 string `json:"setcap,omitempty" hap:"setcap,text"`
	ShmStatsFile                           string `json:"shm_stats_file,omitempty" hap:"shm-stats-file,text"`
	ShmStatsFileMaxObjects                 *int64 `json:"shm_stats_file_max_objects,omitempty" hap:"shm-stats-file-max-objects,int" range:"0,2147483648"`
	StatsCalculateMaxCounters              string `json:"stats_calculate_max_counters,omitempty" hap:"stats calculate-max-counters,onoff"`
	StatsFile                              string `json:"stats_file,omitempty" hap:"stats-file,file"`
	StatsMaxconn                           *int64 `json:"stats_maxconn,omitempty" hap:"stats maxconn,int" range:"1,2147483648"`
	StatsTimeout                           *int64 `json:"stats_timeout,omitempty" hap:"stats timeout,time" range:"0,2147483648"`
	// UnixBind and StatsBindProcess are this agent's extension: the official
	// model lacks them. The first sets what HAProxy's unix sockets are made
	// with; the second is a 2.6 keyword HAProxy reads and ignores.
	UnixBind                string `json:"unix_bind,omitempty" hap:"unix-bind,line"`
	StatsBindProcess        string `json:"stats_bind_process,omitempty" hap:"stats bind-process,line"`
	StrictLimits            bool   `json:"strict_limits,omitempty" hap:"strict-limits,flag"`
	ThreadGroups            *int64 `json:"thread_groups,omitempty" hap:"thread-groups,int" range:"1,2147483648"`
	UID                     *int64 `json:"uid,omitempty" hap:"uid,int" range:"0,4294967295"`
	UlimitN                 *int64 `json:"ulimit_n,omitempty" hap:"ulimit-n,int" range:"0,2147483648"`
	User                    string `json:"user,omitempty" hap:"user,text"`
	WarnBlockedTrafficAfter *int64 `json:"warn_blocked_traffic_after,omitempty" hap:"warn-blocked-traffic-after,time" range:"1,2147483648"`

	// Lines of more than one value, and the lines a list takes one of per
	// item, written by custom directives (haproxycfg's global.go).
	CPUAffinity      *CPUAffinity      `json:"cpu_affinity,omitempty"`
	CPUMaps          []CPUMap          `json:"cpu_maps,omitempty"`
	CPUSet           []CPUSet          `json:"cpu_set,omitempty"`
	DefaultPath      *DefaultPath      `json:"default_path,omitempty"`
	H1CaseAdjust     []H1CaseAdjust    `json:"h1_case_adjust,omitempty"`
	HTTPErrCodes     []HTTPCodes       `json:"http_err_codes,omitempty"`
	HTTPFailCodes    []HTTPCodes       `json:"http_fail_codes,omitempty"`
	LogSendHostname  *LogSendHostname  `json:"log_send_hostname,omitempty"`
	RuntimeAPIs      []RuntimeAPI      `json:"runtime_apis,omitempty"`
	SetVar           []GlobalSetVar    `json:"set_var,omitempty"`
	SetVarFmt        []GlobalSetVarFmt `json:"set_var_fmt,omitempty"`
	ThreadGroupLines []ThreadGroup     `json:"thread_group_lines,omitempty"`

	// The nested objects whose fields are single lines, tagged on their types.
	DebugOptions           *DebugOptions           `json:"debug_options,omitempty"`
	DeviceAtlasOptions     *DeviceAtlasOptions     `json:"device_atlas_options,omitempty"`
	EnvironmentOptions     *EnvironmentOptions     `json:"environment_options,omitempty"`
	FiftyOneDegreesOptions *FiftyOneDegreesOptions `json:"fifty_one_degrees_options,omitempty"`
	Harden                 *Harden                 `json:"harden,omitempty"`
	HTTPClientOptions      *HTTPClientOptions      `json:"http_client_options,omitempty"`
	LuaOptions             *LuaOptions             `json:"lua_options,omitempty"`
	OcspUpdateOptions      *OcspUpdateOptions      `json:"ocsp_update_options,omitempty"`
	PerformanceOptions     *PerformanceOptions     `json:"performance_options,omitempty"`
	SSLOptions             *SSLOptions             `json:"ssl_options,omitempty"`
	TuneBufferOptions      *TuneBufferOptions      `json:"tune_buffer_options,omitempty"`
	TuneLuaOptions         *TuneLuaOptions         `json:"tune_lua_options,omitempty"`
	TuneOptions            *TuneOptions            `json:"tune_options,omitempty"`
	TuneQuicOptions        *TuneQuicOptions        `json:"tune_quic_options,omitempty"`
	TuneSSLOptions         *TuneSSLOptions         `json:"tune_ssl_options,omitempty"`
	TuneVarsOptions        *TuneVarsOptions        `json:"tune_vars_options,omitempty"`
	TuneZlibOptions        *TuneZlibOptions        `json:"tune_zlib_options,omitempty"`
	WurflOptions           *WurflOptions           `json:"wurfl_options,omitempty"`
}

// CPUAffinity is `cpu-affinity <affinity> [<argument>]`.
type CPUAffinity struct {
	Affinity string `json:"affinity,omitempty" enum:"per-core|per-group|auto|per-thread|per-ccx"`
	Argument string `json:"argument,omitempty" enum:"auto|loose"`
}

// CPUMap is `cpu-map <process> <cpu_set>`; the set may be several words.
type CPUMap struct {
	Process string `json:"process"`
	CPUSet  string `json:"cpu_set"`
}

// CPUSet is `cpu-set <directive> <set>`.
type CPUSet struct {
	Directive string `json:"directive,omitempty" enum:"reset|drop-cpu|only-cpu|drop-node|only-node|drop-cluster|only-cluster|drop-core|only-core|drop-thread|only-thread"`
	Set       string `json:"set,omitempty"`
}

// DefaultPath is `default-path <type> [<path>]`.
type DefaultPath struct {
	Type string `json:"type,omitempty" enum:"current|config|parent|origin"`
	Path string `json:"path,omitempty"`
}

// H1CaseAdjust is `h1-case-adjust <from> <to>`.
type H1CaseAdjust struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// HTTPCodes is one `http-err-codes` or `http-fail-codes` line: its codes and
// ranges, as written.
type HTTPCodes struct {
	Value string `json:"value"`
}

// LogSendHostname is `log-send-hostname [<param>]`.
type LogSendHostname struct {
	Enabled string `json:"enabled,omitempty" enum:"enabled"`
	Param   string `json:"param,omitempty"`
}

// RuntimeAPI is one `stats socket <address> [<bind params>]` line: the
// official runtime_api is bind_params with an address and a name, which is a
// Bind without a port (its address is kept whole, a UNIX path or
// `ipv4@<host>:<port>`).
type RuntimeAPI struct {
	// Name is the line's `name`, unset when it has none (a bind's name is
	// always set, its address when it has no `name`).
	Name string `json:"name,omitempty"`
	Bind
}

// GlobalSetVar is `set-var <name> <expr>` in the global section.
type GlobalSetVar struct {
	Name string `json:"name"`
	Expr string `json:"expr"`
}

// GlobalSetVarFmt is `set-var-fmt <name> <format>` in the global section.
type GlobalSetVarFmt struct {
	Name   string `json:"name"`
	Format string `json:"format"`
}

// ThreadGroup is `thread-group <group> <num_or_range>`.
type ThreadGroup struct {
	Group      string `json:"group"`
	NumOrRange string `json:"num_or_range"`
}

// DebugOptions are the global debugging settings.
type DebugOptions struct {
	Anonkey     *int64 `json:"anonkey,omitempty" hap:"anonkey,int" range:"0,4294967295"`
	Quiet       bool   `json:"quiet,omitempty" hap:"quiet,flag"`
	StressLevel *int64 `json:"stress_level,omitempty" hap:"stress-level,int" range:"0,9"`
	ZeroWarning bool   `json:"zero_warning,omitempty" hap:"zero-warning,flag"`
}

// DeviceAtlasOptions are the DeviceAtlas module's settings.
type DeviceAtlasOptions struct {
	JSONFile         string `json:"json_file,omitempty" hap:"deviceatlas-json-file,file"`
	LogLevel         string `json:"log_level,omitempty" hap:"deviceatlas-log-level,text"`
	PropertiesCookie string `json:"properties_cookie,omitempty" hap:"deviceatlas-properties-cookie,text"`
	Separator        string `json:"separator,omitempty" hap:"deviceatlas-separator,text"`
}

// EnvironmentOptions are the lines that change HAProxy's environment.
type EnvironmentOptions struct {
	Presetenv []EnvVar `json:"presetenv,omitempty"`
	Setenv    []EnvVar `json:"setenv,omitempty"`
	Resetenv  string   `json:"resetenv,omitempty" hap:"resetenv,line"`
	Unsetenv  string   `json:"unsetenv,omitempty" hap:"unsetenv,line"`
}

// EnvVar is `setenv <name> <value>` or `presetenv <name> <value>`.
type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// FiftyOneDegreesOptions are the 51Degrees module's settings.
type FiftyOneDegreesOptions struct {
	CacheSize         *int64 `json:"cache_size,omitempty" hap:"51degrees-cache-size,int" range:"0,2147483648"`
	DataFile          string `json:"data_file,omitempty" hap:"51degrees-data-file,file"`
	PropertyNameList  string `json:"property_name_list,omitempty" hap:"51degrees-property-name-list,line"`
	PropertySeparator string `json:"property_separator,omitempty" hap:"51degrees-property-separator,text"`
}

// Harden is the harden.* settings.
type Harden struct {
	RejectPrivilegedPorts *RejectPrivilegedPorts `json:"reject_privileged_ports,omitempty"`
}

// RejectPrivilegedPorts is harden.reject-privileged-ports.{tcp,quic}.
type RejectPrivilegedPorts struct {
	Quic string `json:"quic,omitempty" hap:"harden.reject-privileged-ports.quic,onoff"`
	TCP  string `json:"tcp,omitempty" hap:"harden.reject-privileged-ports.tcp,onoff"`
}

// HTTPClientOptions are the httpclient.* settings.
type HTTPClientOptions struct {
	ResolversDisabled string `json:"resolvers_disabled,omitempty" hap:"httpclient.resolvers.disabled,onoff"`
	ResolversID       string `json:"resolvers_id,omitempty" hap:"httpclient.resolvers.id,name"`
	ResolversPrefer   string `json:"resolvers_prefer,omitempty" hap:"httpclient.resolvers.prefer,word" enum:"ipv4|ipv6"`
	Retries           *int64 `json:"retries,omitempty" hap:"httpclient.retries,int" range:"0,2147483648"`
	SSLCaFile         string `json:"ssl_ca_file,omitempty" hap:"httpclient.ssl.ca-file,file"`
	SSLVerify         string `json:"ssl_verify,omitempty" hap:"httpclient.ssl.verify,word" enum:"none|required"`
	TimeoutConnect    *int64 `json:"timeout_connect,omitempty" hap:"httpclient.timeout.connect,time" range:"0,2147483648"`
}

// LuaOptions are the Lua scripts HAProxy loads.
type LuaOptions struct {
	LoadPerThread string           `json:"load_per_thread,omitempty" hap:"lua-load-per-thread,file"`
	Loads         []LuaLoad        `json:"loads,omitempty"`
	PrependPath   []LuaPrependPath `json:"prepend_path,omitempty"`
}

// LuaLoad is `lua-load <file>`.
type LuaLoad struct {
	File string `json:"file"`
}

// LuaPrependPath is `lua-prepend-path <path> [path|cpath]`.
type LuaPrependPath struct {
	Path string `json:"path"`
	Type string `json:"type,omitempty" enum:"path|cpath"`
}

// OcspUpdateOptions are the ocsp-update.* settings.
type OcspUpdateOptions struct {
	Disable   bool           `json:"disable,omitempty" hap:"ocsp-update.disable on,flag"`
	Httpproxy *OcspHttpproxy `json:"httpproxy,omitempty"`
	Maxdelay  *int64         `json:"maxdelay,omitempty" hap:"ocsp-update.maxdelay,int" range:"0,2147483648"`
	Mindelay  *int64         `json:"mindelay,omitempty" hap:"ocsp-update.mindelay,int" range:"0,2147483648"`
	Mode      string         `json:"mode,omitempty" hap:"ocsp-update.mode,onoff"`
}

// OcspHttpproxy is `ocsp-update.httpproxy <address>:<port>`.
type OcspHttpproxy struct {
	Address string `json:"address,omitempty"`
	Port    *int64 `json:"port,omitempty" range:"1,65535"`
}

// PerformanceOptions are the global limits and pollers.
type PerformanceOptions struct {
	BusyPolling     bool   `json:"busy_polling,omitempty" hap:"busy-polling,flag"`
	FdHardLimit     *int64 `json:"fd_hard_limit,omitempty" hap:"fd-hard-limit,int" range:"0,2147483648"`
	MaxSpreadChecks *int64 `json:"max_spread_checks,omitempty" hap:"max-spread-checks,time" range:"0,2147483648"`
	Maxcompcpuusage *int64 `json:"maxcompcpuusage,omitempty" hap:"maxcompcpuusage,int" range:"0,100"`
	Maxcomprate     *int64 `json:"maxcomprate,omitempty" hap:"maxcomprate,int" range:"0,2147483648"`
	Maxconn         *int64 `json:"maxconn,omitempty" hap:"maxconn,int" range:"0,2147483648"`
	Maxconnrate     *int64 `json:"maxconnrate,omitempty" hap:"maxconnrate,int" range:"0,2147483648"`
	Maxpipes        *int64 `json:"maxpipes,omitempty" hap:"maxpipes,int" range:"0,2147483648"`
	Maxsessrate     *int64 `json:"maxsessrate,omitempty" hap:"maxsessrate,int" range:"0,2147483648"`
	Maxzlibmem      *int64 `json:"maxzlibmem,omitempty" hap:"maxzlibmem,int" range:"0,2147483648"`
	Noepoll         bool   `json:"noepoll,omitempty" hap:"noepoll,flag"`
	Noevports       bool   `json:"noevports,omitempty" hap:"noevports,flag"`
	Nogetaddrinfo   bool   `json:"nogetaddrinfo,omitempty" hap:"nogetaddrinfo,flag"`
	Nokqueue        bool   `json:"nokqueue,omitempty" hap:"nokqueue,flag"`
	Noktls          bool   `json:"noktls,omitempty" hap:"noktls,flag"`
	Nopoll          bool   `json:"nopoll,omitempty" hap:"nopoll,flag"`
	Noreuseport     bool   `json:"noreuseport,omitempty" hap:"noreuseport,flag"`
	Nosplice        bool   `json:"nosplice,omitempty" hap:"nosplice,flag"`
	ProfilingMemory string `json:"profiling_memory,omitempty" hap:"profiling.memory,onoff"`
	ProfilingTasks  string `json:"profiling_tasks,omitempty" hap:"profiling.tasks,onoff" enum:"auto|enabled|disabled"`
	ServerStateBase string `json:"server_state_base,omitempty" hap:"server-state-base,text"`
	ServerStateFile string `json:"server_state_file,omitempty" hap:"server-state-file,file"`
	SpreadChecks    *int64 `json:"spread_checks,omitempty" hap:"spread-checks,int" range:"0,50"`
	ThreadHardLimit *int64 `json:"thread_hard_limit,omitempty" hap:"thread-hard-limit,int" range:"1,2147483648"`
}

// SSLOptions are the global TLS defaults and engines.
type SSLOptions struct {
	AcmeScheduler              string      `json:"acme_scheduler,omitempty" hap:"acme.scheduler,word" enum:"auto|off"`
	CaBase                     string      `json:"ca_base,omitempty" hap:"ca-base,text"`
	CrtBase                    string      `json:"crt_base,omitempty" hap:"crt-base,text"`
	DefaultBindCiphers         string      `json:"default_bind_ciphers,omitempty" hap:"ssl-default-bind-ciphers,text"`
	DefaultBindCiphersuites    string      `json:"default_bind_ciphersuites,omitempty" hap:"ssl-default-bind-ciphersuites,text"`
	DefaultBindClientSigalgs   string      `json:"default_bind_client_sigalgs,omitempty" hap:"ssl-default-bind-client-sigalgs,text"`
	DefaultBindCurves          string      `json:"default_bind_curves,omitempty" hap:"ssl-default-bind-curves,text"`
	DefaultBindOptions         string      `json:"default_bind_options,omitempty" hap:"ssl-default-bind-options,line"`
	DefaultBindSigalgs         string      `json:"default_bind_sigalgs,omitempty" hap:"ssl-default-bind-sigalgs,text"`
	DefaultServerCiphers       string      `json:"default_server_ciphers,omitempty" hap:"ssl-default-server-ciphers,text"`
	DefaultServerCiphersuites  string      `json:"default_server_ciphersuites,omitempty" hap:"ssl-default-server-ciphersuites,text"`
	DefaultServerClientSigalgs string      `json:"default_server_client_sigalgs,omitempty" hap:"ssl-default-server-client-sigalgs,text"`
	DefaultServerCurves        string      `json:"default_server_curves,omitempty" hap:"ssl-default-server-curves,text"`
	DefaultServerOptions       string      `json:"default_server_options,omitempty" hap:"ssl-default-server-options,line"`
	DefaultServerSigalgs       string      `json:"default_server_sigalgs,omitempty" hap:"ssl-default-server-sigalgs,text"`
	DhParamFile                string      `json:"dh_param_file,omitempty" hap:"ssl-dh-param-file,file"`
	Engines                    []SSLEngine `json:"engines,omitempty"`
	IssuersChainPath           string      `json:"issuers_chain_path,omitempty" hap:"issuers-chain-path,text"`
	LoadExtraFiles             string      `json:"load_extra_files,omitempty" hap:"ssl-load-extra-files,line"`
	Maxsslconn                 *int64      `json:"maxsslconn,omitempty" hap:"maxsslconn,int" range:"0,2147483648"`
	Maxsslrate                 *int64      `json:"maxsslrate,omitempty" hap:"maxsslrate,int" range:"0,2147483648"`
	// ModeAsync is "enabled" when `ssl-mode-async` is there; it has no off line.
	ModeAsync        string `json:"mode_async,omitempty" hap:"ssl-mode-async,switch" enum:"enabled"`
	PassphraseCmd    string `json:"passphrase_cmd,omitempty" hap:"ssl-passphrase-cmd,line"`
	Propquery        string `json:"propquery,omitempty" hap:"ssl-propquery,text"`
	Provider         string `json:"provider,omitempty" hap:"ssl-provider,text"`
	ProviderPath     string `json:"provider_path,omitempty" hap:"ssl-provider-path,text"`
	SecurityLevel    *int64 `json:"security_level,omitempty" hap:"ssl-security-level,int" range:"0,5"`
	ServerVerify     string `json:"server_verify,omitempty" hap:"ssl-server-verify,word" enum:"none|required"`
	SkipSelfIssuedCa bool   `json:"skip_self_issued_ca,omitempty" hap:"ssl-skip-self-issued-ca,flag"`
}

// SSLEngine is `ssl-engine <name> [algo <algorithms>]`.
type SSLEngine struct {
	Name       string `json:"name"`
	Algorithms string `json:"algorithms,omitempty"`
}

// TuneBufferOptions are the tune.* buffer sizes, in bytes.
type TuneBufferOptions struct {
	BuffersLimit   *int64 `json:"buffers_limit,omitempty" hap:"tune.buffers.limit,int" range:"0,2147483648"`
	BuffersReserve *int64 `json:"buffers_reserve,omitempty" hap:"tune.buffers.reserve,int" range:"2,2147483648"`
	Bufsize        *int64 `json:"bufsize,omitempty" hap:"tune.bufsize,bytes" range:"0,2147483648"`
	BufsizeLarge   *int64 `json:"bufsize_large,omitempty" hap:"tune.bufsize.large,bytes" range:"0,2147483648"`
	BufsizeSmall   *int64 `json:"bufsize_small,omitempty" hap:"tune.bufsize.small,bytes" range:"1,2147483648"`
	Pipesize       *int64 `json:"pipesize,omitempty" hap:"tune.pipesize,bytes" range:"0,2147483648"`
	RcvbufBackend  *int64 `json:"rcvbuf_backend,omitempty" hap:"tune.rcvbuf.backend,bytes" range:"0,2147483648"`
	RcvbufClient   *int64 `json:"rcvbuf_client,omitempty" hap:"tune.rcvbuf.client,bytes" range:"0,2147483648"`
	RcvbufFrontend *int64 `json:"rcvbuf_frontend,omitempty" hap:"tune.rcvbuf.frontend,bytes" range:"0,2147483648"`
	RcvbufServer   *int64 `json:"rcvbuf_server,omitempty" hap:"tune.rcvbuf.server,bytes" range:"0,2147483648"`
	RecvEnough     *int64 `json:"recv_enough,omitempty" hap:"tune.recv_enough,bytes" range:"0,2147483648"`
	SndbufBackend  *int64 `json:"sndbuf_backend,omitempty" hap:"tune.sndbuf.backend,bytes" range:"0,2147483648"`
	SndbufClient   *int64 `json:"sndbuf_client,omitempty" hap:"tune.sndbuf.client,bytes" range:"0,2147483648"`
	SndbufFrontend *int64 `json:"sndbuf_frontend,omitempty" hap:"tune.sndbuf.frontend,bytes" range:"0,2147483648"`
	SndbufServer   *int64 `json:"sndbuf_server,omitempty" hap:"tune.sndbuf.server,bytes" range:"0,2147483648"`
}

// TuneLuaOptions are the tune.lua.* settings.
type TuneLuaOptions struct {
	BoolSampleConversion string `json:"bool_sample_conversion,omitempty" hap:"tune.lua.bool-sample-conversion,word" enum:"normal|pre-3.1-bug"`
	BurstTimeout         *int64 `json:"burst_timeout,omitempty" hap:"tune.lua.burst-timeout,time" range:"0,2147483648"`
	ForcedYield          *int64 `json:"forced_yield,omitempty" hap:"tune.lua.forced-yield,int" range:"0,2147483648"`
	LogLoggers           string `json:"log_loggers,omitempty" hap:"tune.lua.log.loggers,onoff"`
	LogStderr            string `json:"log_stderr,omitempty" hap:"tune.lua.log.stderr,onoff" enum:"auto|enabled|disabled"`
	Maxmem               *int64 `json:"maxmem,omitempty" hap:"tune.lua.maxmem,int" range:"0,2147483648"`
	Openlibs             string `json:"openlibs,omitempty" hap:"tune.lua.openlibs,text"`
	ServiceTimeout       *int64 `json:"service_timeout,omitempty" hap:"tune.lua.service-timeout,time" range:"0,2147483648"`
	SessionTimeout       *int64 `json:"session_timeout,omitempty" hap:"tune.lua.session-timeout,time" range:"0,2147483648"`
	TaskTimeout          *int64 `json:"task_timeout,omitempty" hap:"tune.lua.task-timeout,time" range:"0,2147483648"`
}

// TuneOptions are the other tune.* settings.
type TuneOptions struct {
	AppletZeroCopyForwarding   string   `json:"applet_zero_copy_forwarding,omitempty" hap:"tune.applet.zero-copy-forwarding,onoff"`
	CliMaxPayloadSize          *int64   `json:"cli_max_payload_size,omitempty" hap:"tune.cli.max-payload-size,bytes" range:"0,2147483648"`
	CompMaxlevel               *int64   `json:"comp_maxlevel,omitempty" hap:"tune.comp.maxlevel,int" range:"1,9"`
	DefaultsPurge              bool     `json:"defaults_purge,omitempty" hap:"tune.defaults.purge,flag"`
	DisableFastForward         bool     `json:"disable_fast_forward,omitempty" hap:"tune.disable-fast-forward,flag"`
	DisableZeroCopyForwarding  bool     `json:"disable_zero_copy_forwarding,omitempty" hap:"tune.disable-zero-copy-forwarding,flag"`
	EpollMaskEvents            []string `json:"epoll_mask_events,omitempty" hap:"tune.epoll.mask-events,list" enum:"err|hup|rdhup"`
	EventsMaxEventsAtOnce      *int64   `json:"events_max_events_at_once,omitempty" hap:"tune.events.max-events-at-once,int" range:"1,10000"`
	FailAlloc                  bool     `json:"fail_alloc,omitempty" hap:"tune.fail-alloc,flag"`
	FdEdgeTriggered            string   `json:"fd_edge_triggered,omitempty" hap:"tune.fd.edge-triggered,onoff"`
	GlitchesKillCPUUsage       *int64   `json:"glitches_kill_cpu_usage,omitempty" hap:"tune.glitches.kill.cpu-usage,int" range:"0,100"`
	H1BeGlitchesThreshold      *int64   `json:"h1_be_glitches_threshold,omitempty" hap:"tune.h1.be.glitches-threshold,int" range:"0,2147483648"`
	H1FeGlitchesThreshold      *int64   `json:"h1_fe_glitches_threshold,omitempty" hap:"tune.h1.fe.glitches-threshold,int" range:"0,2147483648"`
	H1ZeroCopyFwdRecv          string   `json:"h1_zero_copy_fwd_recv,omitempty" hap:"tune.h1.zero-copy-fwd-recv,onoff"`
	H1ZeroCopyFwdSend          string   `json:"h1_zero_copy_fwd_send,omitempty" hap:"tune.h1.zero-copy-fwd-send,onoff"`
	H2BeGlitchesThreshold      *int64   `json:"h2_be_glitches_threshold,omitempty" hap:"tune.h2.be.glitches-threshold,int" range:"0,2147483648"`
	H2BeInitialWindowSize      *int64   `json:"h2_be_initial_window_size,omitempty" hap:"tune.h2.be.initial-window-size,int" range:"0,2147483648"`
	H2BeMaxConcurrentStreams   *int64   `json:"h2_be_max_concurrent_streams,omitempty" hap:"tune.h2.be.max-concurrent-streams,int" range:"0,2147483648"`
	H2BeMaxFramesAtOnce        *int64   `json:"h2_be_max_frames_at_once,omitempty" hap:"tune.h2.be.max-frames-at-once,int" range:"0,2147483648"`
	H2BeRxbuf                  *int64   `json:"h2_be_rxbuf,omitempty" hap:"tune.h2.be.rxbuf,bytes" range:"0,2147483648"`
	H2FeGlitchesThreshold      *int64   `json:"h2_fe_glitches_threshold,omitempty" hap:"tune.h2.fe.glitches-threshold,int" range:"0,2147483648"`
	H2FeInitialWindowSize      *int64   `json:"h2_fe_initial_window_size,omitempty" hap:"tune.h2.fe.initial-window-size,int" range:"0,2147483648"`
	H2FeMaxConcurrentStreams   *int64   `json:"h2_fe_max_concurrent_streams,omitempty" hap:"tune.h2.fe.max-concurrent-streams,int" range:"0,2147483648"`
	H2FeMaxFramesAtOnce        *int64   `json:"h2_fe_max_frames_at_once,omitempty" hap:"tune.h2.fe.max-frames-at-once,int" range:"0,2147483648"`
	H2FeMaxRstAtOnce           *int64   `json:"h2_fe_max_rst_at_once,omitempty" hap:"tune.h2.fe.max-rst-at-once,int" range:"0,2147483648"`
	H2FeMaxTotalStreams        *int64   `json:"h2_fe_max_total_streams,omitempty" hap:"tune.h2.fe.max-total-streams,int" range:"0,2147483648"`
	H2FeRxbuf                  *int64   `json:"h2_fe_rxbuf,omitempty" hap:"tune.h2.fe.rxbuf,bytes" range:"0,2147483648"`
	H2HeaderTableSize          *int64   `json:"h2_header_table_size,omitempty" hap:"tune.h2.header-table-size,int" range:"0,65535"`
	H2InitialWindowSize        *int64   `json:"h2_initial_window_size,omitempty" hap:"tune.h2.initial-window-size,int" range:"0,2147483648"`
	H2LogErrors                string   `json:"h2_log_errors,omitempty" hap:"tune.h2.log-errors,word" enum:"none|connection|stream"`
	H2MaxConcurrentStreams     *int64   `json:"h2_max_concurrent_streams,omitempty" hap:"tune.h2.max-concurrent-streams,int" range:"0,2147483648"`
	H2MaxFrameSize             *int64   `json:"h2_max_frame_size,omitempty" hap:"tune.h2.max-frame-size,int" range:"0,2147483648"`
	H2ZeroCopyFwdSend          string   `json:"h2_zero_copy_fwd_send,omitempty" hap:"tune.h2.zero-copy-fwd-send,onoff"`
	HTTPCookielen              *int64   `json:"http_cookielen,omitempty" hap:"tune.http.cookielen,int" range:"0,2147483648"`
	HTTPLogurilen              *int64   `json:"http_logurilen,omitempty" hap:"tune.http.logurilen,int" range:"0,2147483648"`
	HTTPMaxhdr                 *int64   `json:"http_maxhdr,omitempty" hap:"tune.http.maxhdr,int" range:"1,32767"`
	IdlePoolShared             string   `json:"idle_pool_shared,omitempty" hap:"tune.idle-pool.shared,onoff"`
	Idletimer                  *int64   `json:"idletimer,omitempty" hap:"tune.idletimer,time" range:"0,65535"`
	ListenerDefaultShards      string   `json:"listener_default_shards,omitempty" hap:"tune.listener.default-shards,word" enum:"by-process|by-thread|by-group"`
	ListenerMultiQueue         string   `json:"listener_multi_queue,omitempty" hap:"tune.listener.multi-queue,onoff"`
	MaxChecksPerThread         *int64   `json:"max_checks_per_thread,omitempty" hap:"tune.max-checks-per-thread,int" range:"0,2147483648"`
	MaxRulesAtOnce             *int64   `json:"max_rules_at_once,omitempty" hap:"tune.max-rules-at-once,int" range:"0,2147483648"`
	Maxaccept                  *int64   `json:"maxaccept,omitempty" hap:"tune.maxaccept,int" range:"-1,2147483648"`
	Maxpollevents              *int64   `json:"maxpollevents,omitempty" hap:"tune.maxpollevents,int" range:"0,2147483648"`
	Maxrewrite                 *int64   `json:"maxrewrite,omitempty" hap:"tune.maxrewrite,int" range:"0,2147483648"`
	MemoryHotSize              *int64   `json:"memory_hot_size,omitempty" hap:"tune.memory.hot-size,int" range:"0,2147483648"`
	NotsentLowatClient         *int64   `json:"notsent_lowat_client,omitempty" hap:"tune.notsent-lowat.client,bytes" range:"0,2147483648"`
	NotsentLowatServer         *int64   `json:"notsent_lowat_server,omitempty" hap:"tune.notsent-lowat.server,bytes" range:"0,2147483648"`
	PatternCacheSize           *int64   `json:"pattern_cache_size,omitempty" hap:"tune.pattern.cache-size,int" range:"0,2147483648"`
	PeersMaxUpdatesAtOnce      *int64   `json:"peers_max_updates_at_once,omitempty" hap:"tune.peers.max-updates-at-once,int" range:"0,2147483648"`
	PoolHighFdRatio            *int64   `json:"pool_high_fd_ratio,omitempty" hap:"tune.pool-high-fd-ratio,int" range:"0,100"`
	PoolLowFdRatio             *int64   `json:"pool_low_fd_ratio,omitempty" hap:"tune.pool-low-fd-ratio,int" range:"0,100"`
	PtZeroCopyForwarding       string   `json:"pt_zero_copy_forwarding,omitempty" hap:"tune.pt.zero-copy-forwarding,onoff"`
	ReniceRuntime              *int64   `json:"renice_runtime,omitempty" hap:"tune.renice.runtime,int" range:"-20,19"`
	ReniceStartup              *int64   `json:"renice_startup,omitempty" hap:"tune.renice.startup,int" range:"-20,19"`
	RingQueues                 *int64   `json:"ring_queues,omitempty" hap:"tune.ring.queues,int" range:"0,2147483648"`
	RunqueueDepth              *int64   `json:"runqueue_depth,omitempty" hap:"tune.runqueue-depth,int" range:"0,2147483648"`
	SchedLowLatency            string   `json:"sched_low_latency,omitempty" hap:"tune.sched.low-latency,onoff"`
	StickCounters              *int64   `json:"stick_counters,omitempty" hap:"tune.stick-counters,int" range:"0,2147483648"`
	TakeoverOtherTgConnections string   `json:"takeover_other_tg_connections,omitempty" hap:"tune.takeover-other-tg-connections,word" enum:"none|restricted|full"`
}

// TuneQuicOptions are the tune.quic.* settings.
type TuneQuicOptions struct {
	FrontendConnTxBuffersLimit *int64 `json:"frontend_conn_tx_buffers_limit,omitempty" hap:"tune.quic.frontend.conn-tx-buffers.limit,int" range:"0,2147483648"`
	FrontendMaxIdleTimeout     *int64 `json:"frontend_max_idle_timeout,omitempty" hap:"tune.quic.frontend.max-idle-timeout,time" range:"0,2147483648"`
	FrontendMaxStreamsBidi     *int64 `json:"frontend_max_streams_bidi,omitempty" hap:"tune.quic.frontend.max-streams-bidi,int" range:"0,2147483648"`
	FrontendMaxTxMemory        *int64 `json:"frontend_max_tx_memory,omitempty" hap:"tune.quic.frontend.max-tx-mem,bytes" range:"0,2147483648"`
	FrontendStreamMaxTotal     *int64 `json:"frontend_stream_max_total,omitempty" hap:"tune.quic.fe.stream.max-total,int" range:"0,2147483648"`
	MaxFrameLoss               *int64 `json:"max_frame_loss,omitempty" hap:"tune.quic.max-frame-loss,int" range:"0,2147483648"`
	ReorderRatio               *int64 `json:"reorder_ratio,omitempty" hap:"tune.quic.reorder-ratio,int" range:"0,100"`
	RetryThreshold             *int64 `json:"retry_threshold,omitempty" hap:"tune.quic.retry-threshold,int" range:"0,2147483648"`
	SocketOwner                string `json:"socket_owner,omitempty" hap:"tune.quic.socket-owner,word" enum:"listener|connection"`
	ZeroCopyFwdSend            string `json:"zero_copy_fwd_send,omitempty" hap:"tune.quic.zero-copy-fwd-send,onoff"`
}

// TuneSSLOptions are the tune.ssl.* settings.
type TuneSSLOptions struct {
	Cachesize              *int64 `json:"cachesize,omitempty" hap:"tune.ssl.cachesize,int" range:"0,2147483648"`
	CaptureBufferSize      *int64 `json:"capture_buffer_size,omitempty" hap:"tune.ssl.capture-buffer-size,int" range:"0,2147483648"`
	CertificateCompression string `json:"certificate_compression,omitempty" hap:"tune.ssl.certificate-compression,onoff" enum:"auto|disabled"`
	CtxCacheSize           *int64 `json:"ctx_cache_size,omitempty" hap:"tune.ssl.ssl-ctx-cache-size,int" range:"0,2147483648"`
	DefaultDhParam         *int64 `json:"default_dh_param,omitempty" hap:"tune.ssl.default-dh-param,int" range:"1024,2147483648"`
	ForcePrivateCache      bool   `json:"force_private_cache,omitempty" hap:"tune.ssl.force-private-cache,flag"`
	Keylog                 string `json:"keylog,omitempty" hap:"tune.ssl.keylog,onoff"`
	Lifetime               *int64 `json:"lifetime,omitempty" hap:"tune.ssl.lifetime,seconds" range:"0,2147483648"`
	Maxrecord              *int64 `json:"maxrecord,omitempty" hap:"tune.ssl.maxrecord,bytes" range:"0,2147483648"`
	OcspUpdateMaxDelay     *int64 `json:"ocsp_update_max_delay,omitempty" hap:"tune.ssl.ocsp-update.maxdelay,int" range:"0,2147483648"`
	OcspUpdateMinDelay     *int64 `json:"ocsp_update_min_delay,omitempty" hap:"tune.ssl.ocsp-update.mindelay,int" range:"0,2147483648"`
}

// TuneVarsOptions are the tune.vars.* sizes, in bytes.
type TuneVarsOptions struct {
	GlobalMaxSize *int64 `json:"global_max_size,omitempty" hap:"tune.vars.global-max-size,bytes" range:"0,2147483648"`
	ProcMaxSize   *int64 `json:"proc_max_size,omitempty" hap:"tune.vars.proc-max-size,bytes" range:"0,2147483648"`
	ReqresMaxSize *int64 `json:"reqres_max_size,omitempty" hap:"tune.vars.reqres-max-size,bytes" range:"0,2147483648"`
	SessMaxSize   *int64 `json:"sess_max_size,omitempty" hap:"tune.vars.sess-max-size,bytes" range:"0,2147483648"`
	TxnMaxSize    *int64 `json:"txn_max_size,omitempty" hap:"tune.vars.txn-max-size,bytes" range:"0,2147483648"`
}

// TuneZlibOptions are the tune.zlib.* settings.
type TuneZlibOptions struct {
	Memlevel   *int64 `json:"memlevel,omitempty" hap:"tune.zlib.memlevel,int" range:"1,9"`
	Windowsize *int64 `json:"windowsize,omitempty" hap:"tune.zlib.windowsize,int" range:"8,15"`
}

// WurflOptions are the WURFL module's settings.
type WurflOptions struct {
	CacheSize                *int64 `json:"cache_size,omitempty" hap:"wurfl-cache-size,int" range:"0,2147483648"`
	DataFile                 string `json:"data_file,omitempty" hap:"wurfl-data-file,file"`
	InformationList          string `json:"information_list,omitempty" hap:"wurfl-information-list,line"`
	InformationListSeparator string `json:"information_list_separator,omitempty" hap:"wurfl-information-list-separator,text"`
	PatchFile                string `json:"patch_file,omitempty" hap:"wurfl-patch-file,file"`
}
