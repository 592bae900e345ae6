package dataplane

// The smaller lists of frontends and backends: log targets, captures, filters
// and filter sequences, server templates, and the lists newer than HAProxy 2.6
// (quic-initial, ssl-f-use, force-be-switch), each with every member of its
// official v3 model. Which words each member is, is haproxycfg's (logtargets.go,
// captures.go, filters.go, server_templates.go, newer_lists.go).

// LogTarget is one `log` line: `log global`, `no log`, or `log <address> [len
// <length>] [format <format>] [sample <range>:<size>] [profile <name>]
// <facility> [<level> [<minlevel>]]`.
type LogTarget struct {
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Global      bool   `json:"global,omitempty"`
	Nolog       bool   `json:"nolog,omitempty"`
	Address     string `json:"address,omitempty"`
	Length      int64  `json:"length,omitempty"`
	Format      string `json:"format,omitempty" enum:"local|rfc3164|rfc5424|priority|short|timed|iso|raw"`
	SampleRange string `json:"sample_range,omitempty"`
	SampleSize  int64  `json:"sample_size,omitempty"`
	Profile     string `json:"profile,omitempty"`
	Facility    string `json:"facility,omitempty" enum:"kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|auth2|ftp|ntp|audit|alert|cron2|local0|local1|local2|local3|local4|local5|local6|local7"`
	Level       string `json:"level,omitempty" enum:"emerg|alert|crit|err|warning|notice|info|debug"`
	Minlevel    string `json:"minlevel,omitempty" enum:"emerg|alert|crit|err|warning|notice|info|debug"`
}

// Capture is one `declare capture request|response len <length>` line.
type Capture struct {
	Type     string   `json:"type" enum:"request|response"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Length int64 `json:"length"`
}

// Filter is one `filter <type> [arguments]` line. Which members a type takes
// is the filter table's (haproxycfg's filters.go). Sizes are bytes and
// default_period milliseconds, as the official model has them.
type Filter struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	AppName            string `json:"app_name,omitempty"`
	BandwidthLimitName string `json:"bandwidth_limit_name,omitempty"`
	CacheName          string `json:"cache_name,omitempty"`
	DefaultLimit       *int64 `json:"default_limit,omitempty"`
	DefaultPeriod      *int64 `json:"default_period,omitempty"`
	Key                string `json:"key,omitempty"`
	Limit              *int64 `json:"limit,omitempty"`
	MinSize            *int64 `json:"min_size,omitempty"`
	SpoeConfig         string `json:"spoe_config,omitempty"`
	SpoeEngine         string `json:"spoe_engine,omitempty"`
	Table              string `json:"table,omitempty"`
	TraceHexdump       bool   `json:"trace_hexdump,omitempty"`
	TraceMaxFwd        *int64 `json:"trace_max_fwd,omitempty"`
	TraceName          string `json:"trace_name,omitempty"`
	TraceRndForwarding bool   `json:"trace_rnd_forwarding,omitempty"`
	TraceRndParsing    bool   `json:"trace_rnd_parsing,omitempty"`
}

// FilterSequence is one `filter-sequence request|response <filter>[,<filter>...]`
// line (newer than HAProxy 2.6).
type FilterSequence struct {
	Direction string   `json:"direction" enum:"request|response"`
	Metadata  Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Filters []string `json:"filters"`
}

// ServerTemplate is one `server-template <prefix> <num_or_range> <fqdn>[:<port>]
// [params]` line of a backend: the server params are a server's.
type ServerTemplate struct {
	Prefix   string   `json:"prefix"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	NumOrRange string `json:"num_or_range"`
	Fqdn       string `json:"fqdn"`
	Port       *int64 `json:"port,omitempty"`
	ID         *int64 `json:"id,omitempty" hap:"id,int" range:"1,2147483647"`
	ServerParams
}

// QUICInitialRule is one `quic-initial <action> [if|unless <condition>]` line
// (newer than HAProxy 2.6).
type QUICInitialRule struct {
	Type     string   `json:"type"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Cond     string `json:"cond,omitempty"`
	CondTest string `json:"cond_test,omitempty"`
}

// SSLFrontUse is one `ssl-f-use [params]` line (newer than HAProxy 2.6): a
// certificate of the frontend and the TLS settings it is used with. The `hap`,
// `enum` tags are as on ServerParams; ocsp_update is `ocsp-update on|off`.
type SSLFrontUse struct {
	Certificate string   `json:"certificate" hap:"crt,file"`
	Metadata    Metadata `json:"metadata,omitempty"` // the comment of the object's line

	Key           string `json:"key,omitempty" hap:"key,file"`
	Ocsp          string `json:"ocsp,omitempty" hap:"ocsp,file"`
	Issuer        string `json:"issuer,omitempty" hap:"issuer,file"`
	Sctl          string `json:"sctl,omitempty" hap:"sctl,file"`
	OcspUpdate    string `json:"ocsp_update,omitempty" enum:"enabled|disabled"`
	Allow0rtt     bool   `json:"allow_0rtt,omitempty" hap:"allow-0rtt,flag"`
	ALPN          string `json:"alpn,omitempty" hap:"alpn,text"`
	CaFile        string `json:"ca_file,omitempty" hap:"ca-file,file"`
	Ciphers       string `json:"ciphers,omitempty" hap:"ciphers,text"`
	Ciphersuites  string `json:"ciphersuites,omitempty" hap:"ciphersuites,text"`
	ClientSigalgs string `json:"client_sigalgs,omitempty" hap:"client-sigalgs,text"`
	CrlFile       string `json:"crl_file,omitempty" hap:"crl-file,file"`
	Curves        string `json:"curves,omitempty" hap:"curves,text"`
	Ecdhe         string `json:"ecdhe,omitempty" hap:"ecdhe,text"`
	NoAlpn        bool   `json:"no_alpn,omitempty" hap:"no-alpn,flag"`
	NoCaNames     bool   `json:"no_ca_names,omitempty" hap:"no-ca-names,flag"`
	Npn           string `json:"npn,omitempty" hap:"npn,text"`
	Sigalgs       string `json:"sigalgs,omitempty" hap:"sigalgs,text"`
	SSLMaxVer     string `json:"ssl_max_ver,omitempty" hap:"ssl-max-ver,word" enum:"SSLv3|TLSv1.0|TLSv1.1|TLSv1.2|TLSv1.3"`
	SSLMinVer     string `json:"ssl_min_ver,omitempty" hap:"ssl-min-ver,word" enum:"SSLv3|TLSv1.0|TLSv1.1|TLSv1.2|TLSv1.3"`
	Verify        string `json:"verify,omitempty" hap:"verify,word" enum:"none|optional|required"`
}

// ForceBeSwitch is one `force-be-switch if|unless <condition>` line (newer than
// HAProxy 2.6).
type ForceBeSwitch struct {
	Cond     string   `json:"cond"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the object's line

	CondTest string `json:"cond_test"`
}

// FrontendLists are the lists above that a frontend carries with full_section.
type FrontendLists struct {
	CaptureList         []Capture         `json:"capture_list,omitempty"`
	FilterList          []Filter          `json:"filter_list,omitempty"`
	FilterSequenceList  []FilterSequence  `json:"filter_sequence_list,omitempty"`
	LogTargetList       []LogTarget       `json:"log_target_list,omitempty"`
	QUICInitialRuleList []QUICInitialRule `json:"quic_initial_rule_list,omitempty"`
	SSLFrontUseList     []SSLFrontUse     `json:"ssl_front_use_list,omitempty"`
	ForceBeSwitchList   []ForceBeSwitch   `json:"force_be_switch_list,omitempty"`
}

// BackendLists are the lists above that a backend carries with full_section;
// server templates are keyed by prefix, as servers by name.
type BackendLists struct {
	FilterList         []Filter                  `json:"filter_list,omitempty"`
	FilterSequenceList []FilterSequence          `json:"filter_sequence_list,omitempty"`
	LogTargetList      []LogTarget               `json:"log_target_list,omitempty"`
	ServerTemplates    map[string]ServerTemplate `json:"server_templates,omitempty"`
}

// The enums of these models, from their tags.
var (
	LogFacilities      = FieldEnum[LogTarget]("facility")
	LogTargetLevels    = FieldEnum[LogTarget]("level")
	LogFormats         = FieldEnum[LogTarget]("format")
	CaptureTypes       = FieldEnum[Capture]("type")
	FilterDirections   = FieldEnum[FilterSequence]("direction")
	FilterTypes        = []string{"bwlim-in", "bwlim-out", "cache", "compression", "comp-req", "comp-res", "fcgi-app", "spoe", "trace"}
	QUICInitialActions = []string{"reject", "accept", "send-retry", "dgram-drop"}
)
