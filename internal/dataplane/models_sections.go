package dataplane

// The sections that are not proxies: resolvers, userlist, peers, cache,
// http-errors, ring and mailers, with their named children. The `hap`,
// `enum` and `range` tags of a section's fields are as on ProxyOptions (see
// sections.go); those of a child's keyword params as on ServerParams. Children
// are carried by their section only with full_section, keyed by name, as the
// official models have them.

// Resolver is a `resolvers <name>` section.
type Resolver struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	AcceptedPayloadSize *int64 `json:"accepted_payload_size,omitempty" hap:"accepted_payload_size,int" range:"512,8192"`
	HoldNx              *int64 `json:"hold_nx,omitempty" hap:"hold nx,time" range:"0,2147483648"`
	HoldObsolete        *int64 `json:"hold_obsolete,omitempty" hap:"hold obsolete,time" range:"0,2147483648"`
	HoldOther           *int64 `json:"hold_other,omitempty" hap:"hold other,time" range:"0,2147483648"`
	HoldRefused         *int64 `json:"hold_refused,omitempty" hap:"hold refused,time" range:"0,2147483648"`
	HoldTimeout         *int64 `json:"hold_timeout,omitempty" hap:"hold timeout,time" range:"0,2147483648"`
	HoldValid           *int64 `json:"hold_valid,omitempty" hap:"hold valid,time" range:"0,2147483648"`
	ParseResolvConf     bool   `json:"parse-resolv-conf,omitempty" hap:"parse-resolv-conf,flag"`
	ResolveRetries      *int64 `json:"resolve_retries,omitempty" hap:"resolve_retries,int" range:"1,2147483647"`
	TimeoutResolve      *int64 `json:"timeout_resolve,omitempty" hap:"timeout resolve,time" range:"0,2147483648"`
	TimeoutRetry        *int64 `json:"timeout_retry,omitempty" hap:"timeout retry,time" range:"0,2147483648"`

	Nameservers map[string]Nameserver `json:"nameservers,omitempty"`
}

// Nameserver is a `nameserver <name> <address>[:<port>]` line of a resolvers section.
type Nameserver struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the line

	Address string `json:"address"`
	Port    *int64 `json:"port,omitempty"`
}

// Userlist is a `userlist <name>` section.
type Userlist struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	Groups map[string]Group `json:"groups,omitempty"`
	Users  map[string]User  `json:"users,omitempty"`
}

// User is a `user <name> [password <hash>|insecure-password <password>]
// [groups <group>[,<group>...]]` line of a userlist. SecurePassword says which
// keyword: true for `password` (a crypt(3) hash), false for
// `insecure-password` (the password itself). Password is read back as the
// file holds it, as the official server answers it.
type User struct {
	Username string   `json:"username"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the line

	Password       string `json:"password"`
	SecurePassword bool   `json:"secure_password"`
	Groups         string `json:"groups,omitempty"`
}

// Group is a `group <name> [users <user>[,<user>...]]` line of a userlist.
type Group struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the line

	Users string `json:"users,omitempty"`
}

// PeerSection is a `peers <name>` section.
type PeerSection struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	Disabled      bool          `json:"disabled,omitempty" hap:"disabled,flag"`
	Enabled       bool          `json:"enabled,omitempty" hap:"enabled,flag"`
	Shards        *int64        `json:"shards,omitempty" hap:"shards,int" range:"1,2147483647"`
	DefaultServer *ServerParams `json:"default_server,omitempty"`

	PeerEntries map[string]PeerEntry `json:"peer_entries,omitempty"`
	Servers     map[string]Server    `json:"servers,omitempty"`
	Binds       map[string]Bind      `json:"binds,omitempty"`
	Tables      map[string]Table     `json:"tables,omitempty"`
}

// Table is a `table <name> type <type> [len <n>] size <size> [expire <time>]
// [nopurge] [store <data>[,<data>...]] [write-to <table>] [recv-only]` line
// of a peers section. Size and Expire are spelled as HAProxy reads them
// ("1k", "30s"), as the official model has them; several `store` keywords
// read as one list.
type Table struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the line

	Type     string `json:"type,omitempty"` // one of TableTypes
	TypeLen  *int64 `json:"type_len,omitempty"`
	Size     string `json:"size,omitempty"`
	Expire   string `json:"expire,omitempty"`
	NoPurge  bool   `json:"no_purge,omitempty"`
	Store    string `json:"store,omitempty"`
	WriteTo  string `json:"write_to,omitempty"`
	RecvOnly bool   `json:"recv_only,omitempty"`
}

// PeerEntry is a `peer <name> <address>:<port> [shard <n>]` line of a peers section.
type PeerEntry struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the line

	Address string `json:"address"`
	Port    *int64 `json:"port,omitempty"`
	Shard   *int64 `json:"shard,omitempty" hap:"shard,int" range:"0,2147483647"`
}

// Cache is a `cache <name>` section.
type Cache struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	// TotalMaxSize is in megabytes, MaxObjectSize in bytes, MaxAge in seconds,
	// as HAProxy reads them.
	TotalMaxSize        *int64 `json:"total_max_size,omitempty" hap:"total-max-size,int" range:"1,4095"`
	MaxObjectSize       *int64 `json:"max_object_size,omitempty" hap:"max-object-size,int" range:"1,2147483647"`
	MaxAge              *int64 `json:"max_age,omitempty" hap:"max-age,int" range:"0,2147483647"`
	MaxSecondaryEntries *int64 `json:"max_secondary_entries,omitempty" hap:"max-secondary-entries,int" range:"1,2147483647"`
	// ProcessVary is `process-vary on|off`; unset (null) writes no line.
	ProcessVary *bool `json:"process_vary,omitempty"`
}

// HTTPErrorsSection is an `http-errors <name>` section: its `errorfile <code>
// <file>` lines, in file order.
type HTTPErrorsSection struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	ErrorFiles []Errorfile `json:"error_files"`
}

// Ring is a `ring <name>` section.
type Ring struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	Description    string `json:"description,omitempty" hap:"description,line"`
	Format         string `json:"format,omitempty" hap:"format,word" enum:"iso|local|raw|rfc3164|rfc5424|short|priority|timed"`
	Maxlen         *int64 `json:"maxlen,omitempty" hap:"maxlen,int" range:"1,2147483647"`
	Size           *int64 `json:"size,omitempty" hap:"size,int" range:"1,9223372036854775807"` // bytes
	TimeoutConnect *int64 `json:"timeout_connect,omitempty" hap:"timeout connect,time" range:"0,2147483648"`
	TimeoutServer  *int64 `json:"timeout_server,omitempty" hap:"timeout server,time" range:"0,2147483648"`

	Servers map[string]Server `json:"servers,omitempty"`
}

// MailersSection is a `mailers <name>` section.
type MailersSection struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the header line

	Timeout *int64 `json:"timeout,omitempty" hap:"timeout mail,time" range:"0,2147483648"`

	MailerEntries map[string]MailerEntry `json:"mailer_entries,omitempty"`
}

// MailerEntry is a `mailer <name> <address>:<port>` line of a mailers section.
type MailerEntry struct {
	Name     string   `json:"name"`
	Metadata Metadata `json:"metadata,omitempty"` // the comment of the line

	Address string `json:"address"`
	Port    *int64 `json:"port,omitempty"`
}

// TableTypes are the key types of a peers section's table.
var TableTypes = []string{"ip", "integer", "string", "binary"}
