package dataplane

// FCGIApp is a `fcgi-app <name>` section: a FastCGI application that backends
// use with `use-fcgi-app` (HAProxy's configuration manual, section 10). Its
// single-line settings are declared by tags, as on the other sections
// (sections.go); its repeated lines are lists, in file order. Its ACLs are
// carried only with full_section, as the official model has them.
type FCGIApp struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	// Docroot is required: HAProxy refuses a fcgi-app without one.
	Docroot   string `json:"docroot" hap:"docroot,text"`
	Index     string `json:"index,omitempty" hap:"index,text"`
	PathInfo  string `json:"path_info,omitempty" hap:"path-info,text"`
	GetValues string `json:"get_values,omitempty" hap:"option get-values,switch"`
	KeepConn  string `json:"keep_conn,omitempty" hap:"option keep-conn,switch"`
	MpxsConns string `json:"mpxs_conns,omitempty" hap:"option mpxs-conns,switch"`
	MaxReqs   *int64 `json:"max_reqs,omitempty" hap:"option max-reqs,int" range:"1,2147483647"`

	LogStderrs  []FCGILogStderr  `json:"log_stderrs,omitempty"`
	PassHeaders []FCGIPassHeader `json:"pass_headers,omitempty"`
	SetParams   []FCGISetParam   `json:"set_params,omitempty"`

	ACLList []ACL `json:"acl_list,omitempty"`
}

// FCGILogStderr is a `log-stderr global` line, or `log-stderr <address> [len
// <n>] [format <f>] [sample <ranges>:<size>] <facility> [<level>
// [<minlevel>]]`: where the application's STDERR messages are logged, as a
// `log` line says it (LogTarget).
type FCGILogStderr struct {
	Global   bool             `json:"global,omitempty"`
	Address  string           `json:"address,omitempty"`
	Len      int64            `json:"len,omitempty"`
	Format   string           `json:"format,omitempty"`
	Sample   *FCGILogSampling `json:"sample,omitempty"`
	Facility string           `json:"facility,omitempty"`
	Level    string           `json:"level,omitempty"`
	Minlevel string           `json:"minlevel,omitempty"`
}

// FCGILogSampling is the `sample <ranges>:<size>` of a log-stderr line: of
// every size messages, those of the ranges are logged.
type FCGILogSampling struct {
	Ranges string `json:"ranges"`
	Size   int64  `json:"size"`
}

// FCGIPassHeader is a `pass-header <name> [if|unless <condition>]` line: a
// request header passed to the application, which HAProxy would omit.
type FCGIPassHeader struct {
	Name     string `json:"name"`
	Cond     string `json:"cond,omitempty"` // one of Conds
	CondTest string `json:"cond_test,omitempty"`
}

// FCGISetParam is a `set-param <name> <format> [if|unless <condition>]` line:
// a FastCGI parameter, its value a log-format string, as spelled.
type FCGISetParam struct {
	Name     string `json:"name"`
	Format   string `json:"format"`
	Cond     string `json:"cond,omitempty"` // one of Conds
	CondTest string `json:"cond_test,omitempty"`
}
