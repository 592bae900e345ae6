package dataplane

// LogForward is a `log-forward <name>` section: HAProxy receives syslog
// messages on its binds (stream) and dgram binds (datagram) and sends them on
// to its log targets. Its tags are as on ProxyOptions (see sections.go); the
// children are carried only with full_section, the binds keyed by name, as
// the official model has them.
//
// The two options are HAProxy 3.1's: HAProxy 2.6 refuses them with its own
// message.
type LogForward struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	Backlog          *int64 `json:"backlog,omitempty" hap:"backlog,int" range:"0,2147483647"`
	Maxconn          *int64 `json:"maxconn,omitempty" hap:"maxconn,int" range:"0,2147483647"`
	TimeoutClient    *int64 `json:"timeout_client,omitempty" hap:"timeout client,time" range:"0,2147483647"`
	AssumeRfc6587Ntf bool   `json:"assume-rfc6587-ntf,omitempty" hap:"option assume-rfc6587-ntf,flag"`
	DontParseLog     bool   `json:"dont-parse-log,omitempty" hap:"option dont-parse-log,flag"`

	Binds         map[string]Bind      `json:"binds,omitempty"`
	DgramBinds    map[string]DgramBind `json:"dgram_binds,omitempty"`
	LogTargetList []LogTarget          `json:"log_target_list,omitempty"`
}

// DgramBind is a `dgram-bind <address>[:<port>[-<end>]] [name <name>]
// [interface <if>] [namespace <ns>] [transparent]` line of a log-forward
// section: the bind keywords HAProxy reads on it. A line without `name` is
// named after its address, as a bind is.
type DgramBind struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the line

	Address      string `json:"address,omitempty"`
	Port         *int64 `json:"port,omitempty"`
	PortRangeEnd *int64 `json:"port-range-end,omitempty"`
	Interface    string `json:"interface,omitempty" hap:"interface,text"`
	Namespace    string `json:"namespace,omitempty" hap:"namespace,text"`
	Transparent  bool   `json:"transparent,omitempty" hap:"transparent,flag"`
}
