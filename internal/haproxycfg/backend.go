package haproxycfg

import (
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type (
	backend        = dataplane.Backend
	backendObjects = dataplane.BackendObjects
)

// backendSettings are the single-line settings of a backend, from the model's tags.
var backendSettings = sectionTagsOf[backend]()

// Backends is the view of the `backend` sections.
var Backends = SectionView[backend]{
	kind:     "backend",
	name:     func(b *backend) *string { return &b.Name },
	from:     func(b *backend) *string { return &b.From },
	metadata: func(b *backend) *dataplane.Metadata { return &b.Metadata },
	table: slices.Concat(backendSettings.table,
		backendDirectives(backendParts[backend]{
			objects: func(b *backend) *backendObjects { return &b.BackendObjects },
			options: func(b *backend) *dataplane.BackendOptions { return &b.BackendOptions },
			proxy:   func(b *backend) *dataplane.ProxyOptions { return &b.ProxyOptions },
			own:     func(b *backend) *dataplane.BackendOwn { return &b.BackendOwn },
		}),
		proxyObjectDirectives(func(b *backend) *dataplane.ProxyObjects { return &b.ProxyObjects })),
	parts: append([]childPart[backend]{
		listPart("acl_list", "backend", ACLs, func(b *backend) *[]dataplane.ACL { return &b.ACLList }),
		namedPart("servers", Servers, func(b *backend) *map[string]dataplane.Server { return &b.Servers },
			func(s *dataplane.Server) *string { return &s.Name }),
		listPart("http_request_rule_list", "backend", HTTPRequestRules,
			func(b *backend) *[]dataplane.HTTPRequestRule { return &b.HTTPRequestRuleList }),
		listPart("http_check_list", "backend", HTTPChecks, func(b *backend) *[]httpCheck { return &b.HTTPCheckList }),
		listPart("tcp_check_rule_list", "backend", TCPChecks, func(b *backend) *[]tcpCheck { return &b.TCPCheckRuleList }),
		listPart("server_switching_rule_list", "backend", ServerSwitchingRules,
			func(b *backend) *[]serverRule { return &b.ServerSwitchingRuleList }),
		listPart("stick_rule_list", "backend", StickRules, func(b *backend) *[]stickRule { return &b.StickRuleList }),
		listPart("tcp_request_rule_list", "backend", TCPRequestRules,
			func(b *backend) *[]dataplane.TCPRequestRule { return &b.TCPRequestRuleList }),
		listPart("tcp_response_rule_list", "backend", TCPResponseRules,
			func(b *backend) *[]dataplane.TCPResponseRule { return &b.TCPResponseRuleList }),
		listPart("http_response_rule_list", "backend", HTTPResponseRules,
			func(b *backend) *[]dataplane.HTTPResponseRule { return &b.HTTPResponseRuleList }),
		listPart("http_after_response_rule_list", "backend", HTTPAfterResponseRules,
			func(b *backend) *[]dataplane.HTTPAfterResponseRule { return &b.HTTPAfterResponseRuleList }),
		listPart("http_error_rule_list", "backend", HTTPErrorRules,
			func(b *backend) *[]dataplane.HTTPErrorRule { return &b.HTTPErrorRuleList }),
	}, backendListParts...),
	check: func(b *backend) error {
		return firstError(
			checkStrings(b),
			checkName("name", b.Name),
			backendSettings.check(b),
			checkProxyOptions(&b.ProxyOptions),
			checkBackendObjects(&b.BackendObjects, &b.BackendOptions),
			checkBackendOwn(&b.BackendOwn),
			checkProxyObjects(&b.ProxyObjects),
		)
	},
}

// balanceDirective is `balance <algorithm> [<arguments>]`; algorithms with a
// parenthesised argument (hdr(name), rdp-cookie(name), random(draws)) are split.
// A bare `balance` is HAProxy's roundrobin, and is read as it.
var balanceDirective = directive[backendObjects]{
	keyword: "balance",
	match:   func(w []string) bool { return len(w) > 0 && w[0] == "balance" },
	read: func(b *backendObjects, l *Line) {
		w := l.words
		if len(w) == 1 {
			b.Balance = &dataplane.Balance{Algorithm: "roundrobin"}
			return
		}
		algo, arg, _ := strings.Cut(w[1], "(")
		arg = strings.TrimSuffix(arg, ")")
		bal := &dataplane.Balance{Algorithm: algo}
		switch algo {
		case "hdr":
			bal.HdrName, bal.HdrUseDomainOnly = arg, slices.Contains(w[2:], "use_domain_only")
		case "rdp-cookie":
			bal.RdpCookieName = arg
		case "random":
			bal.RandomDraws = optionalInt(arg)
		case "url_param":
			if len(w) > 2 {
				bal.URLParam = l.spell(2)
			}
			for i := 3; i+1 < len(w); i++ {
				switch w[i] {
				case "check_post":
					bal.URLParamCheckPost = optionalInt(w[i+1])
					i++
				case "max_wait":
					bal.URLParamMaxWait = optionalInt(w[i+1])
					i++
				}
			}
		case "hash":
			bal.HashExpression = rawFrom(l, 2)
		case "uri":
			for i := 2; i < len(w); i++ {
				switch w[i] {
				case "whole":
					bal.URIWhole = true
				case "path-only":
					bal.URIPathOnly = true
				case "len", "depth":
					if i+1 < len(w) {
						v := optionalInt(w[i+1])
						if w[i] == "len" {
							bal.URILen = v
						} else {
							bal.URIDepth = v
						}
						i++
					}
				}
			}
		}
		b.Balance = bal
	},
	write: func(b *backendObjects) []string {
		bal := b.Balance
		if bal == nil {
			return nil
		}
		algo := bal.Algorithm
		var args []string
		switch algo {
		case "hdr":
			algo += "(" + bal.HdrName + ")"
			if bal.HdrUseDomainOnly {
				args = append(args, "use_domain_only")
			}
		case "rdp-cookie":
			if bal.RdpCookieName != "" {
				algo += "(" + bal.RdpCookieName + ")"
			}
		case "random":
			if bal.RandomDraws != nil {
				algo += "(" + formatInt(*bal.RandomDraws) + ")"
			}
		case "url_param":
			args = append(args, bal.URLParam)
			if bal.URLParamCheckPost != nil {
				args = append(args, "check_post", formatInt(*bal.URLParamCheckPost))
			}
			if bal.URLParamMaxWait != nil {
				args = append(args, "max_wait", formatInt(*bal.URLParamMaxWait))
			}
		case "hash":
			args = append(args, bal.HashExpression)
		case "uri":
			if bal.URILen != nil {
				args = append(args, "len", formatInt(*bal.URILen))
			}
			if bal.URIDepth != nil {
				args = append(args, "depth", formatInt(*bal.URIDepth))
			}
			if bal.URIWhole {
				args = append(args, "whole")
			}
			if bal.URIPathOnly {
				args = append(args, "path-only")
			}
		}
		return append([]string{"balance", algo}, args...)
	},
}

// hashTypeDirective is `hash-type <method> [<function> [<modifier>]]`.
var hashTypeDirective = directive[dataplane.BackendOptions]{
	keyword: "hash-type",
	match:   func(w []string) bool { return len(w) > 1 && w[0] == "hash-type" },
	read: func(b *dataplane.BackendOptions, l *Line) {
		h := &dataplane.HashType{Method: l.words[1]}
		if len(l.words) > 2 {
			h.Function = l.words[2]
		}
		if len(l.words) > 3 {
			h.Modifier = l.words[3]
		}
		b.HashType = h
	},
	write: func(b *dataplane.BackendOptions) []string {
		h := b.HashType
		if h == nil {
			return nil
		}
		w := []string{"hash-type", h.Method}
		for _, v := range []string{h.Function, h.Modifier} {
			if v != "" {
				w = append(w, v)
			}
		}
		return w
	},
}

// hashTypeFields are HashType's enums, from its tags.
var hashTypeFields = checkedFields[dataplane.HashType]("hash_type")

// advCheckDirective is `option <check>` with its arguments: `option httpchk
// [<method>] <uri> [<version>] [<host>]`, `option mysql-check [user <name>
// [post-41|pre-41]]`, `option pgsql-check [user <name>]`, `option smtpchk
// [<hello> <domain>]`.
var advCheckDirective = directive[backendObjects]{
	keyword: "option",
	match: func(w []string) bool {
		return len(w) > 1 && w[0] == "option" && slices.Contains(dataplane.AdvChecks, w[1])
	},
	read: func(b *backendObjects, l *Line) {
		b.AdvCheck, b.HttpchkParams, b.MysqlCheckParams, b.PgsqlCheckParams, b.SmtpchkParams = l.words[1], nil, nil, nil, nil
		w, n := l.words, len(l.words)
		switch {
		case n == 2:
		case b.AdvCheck == "httpchk" && n == 3:
			b.HttpchkParams = &dataplane.HttpchkParams{URI: l.spell(2)}
		case b.AdvCheck == "httpchk" && n <= 5:
			b.HttpchkParams = &dataplane.HttpchkParams{Method: l.spell(2), URI: l.spell(3), Version: rawFrom(l, 4)}
		case b.AdvCheck == "httpchk":
			b.HttpchkParams = &dataplane.HttpchkParams{Method: l.spell(2), URI: l.spell(3), Version: l.spell(4), Host: rawFrom(l, 5)}
		case b.AdvCheck == "mysql-check" && w[2] == "user" && n > 3:
			b.MysqlCheckParams = &dataplane.MysqlCheckParams{Username: l.spell(3)}
			if n > 4 {
				b.MysqlCheckParams.ClientVersion = w[4]
			}
		case b.AdvCheck == "pgsql-check" && w[2] == "user" && n > 3:
			b.PgsqlCheckParams = &dataplane.PgsqlCheckParams{Username: l.spell(3)}
		case b.AdvCheck == "smtpchk" && n > 3:
			b.SmtpchkParams = &dataplane.SmtpchkParams{Hello: w[2], Domain: rawFrom(l, 3)}
		}
	},
	write: func(b *backendObjects) []string {
		if b.AdvCheck == "" {
			return nil
		}
		w := []string{"option", b.AdvCheck}
		var args []string
		switch {
		case b.AdvCheck == "httpchk" && b.HttpchkParams != nil:
			p := b.HttpchkParams
			args = []string{p.Method, p.URI, p.Version, p.Host}
		case b.AdvCheck == "mysql-check" && b.MysqlCheckParams != nil && b.MysqlCheckParams.Username != "":
			args = []string{"user", b.MysqlCheckParams.Username, b.MysqlCheckParams.ClientVersion}
		case b.AdvCheck == "pgsql-check" && b.PgsqlCheckParams != nil && b.PgsqlCheckParams.Username != "":
			args = []string{"user", b.PgsqlCheckParams.Username}
		case b.AdvCheck == "smtpchk" && b.SmtpchkParams != nil:
			args = []string{b.SmtpchkParams.Hello, b.SmtpchkParams.Domain}
		}
		for _, v := range args {
			if v != "" {
				w = append(w, v)
			}
		}
		return w
	},
}

// redispatchDirective is `option redispatch [<interval>]` or `no option redispatch`.
var redispatchDirective = directive[backendObjects]{
	keyword: "option",
	match: func(w []string) bool {
		return isWords(w, "option", "redispatch") || isWords(w, "no", "option", "redispatch")
	},
	read: func(b *backendObjects, l *Line) {
		if l.words[0] == "no" {
			b.Redispatch = &dataplane.Redispatch{Enabled: dataplane.Disabled}
			return
		}
		b.Redispatch = &dataplane.Redispatch{Enabled: dataplane.Enabled}
		if len(l.words) > 2 {
			b.Redispatch.Interval = optionalInt(l.words[2])
		}
	},
	write: func(b *backendObjects) []string {
		switch r := b.Redispatch; {
		case r == nil:
			return nil
		case r.Enabled == dataplane.Disabled:
			return []string{"no", "option", "redispatch"}
		case r.Interval != nil:
			return []string{"option", "redispatch", formatInt(*r.Interval)}
		}
		return []string{"option", "redispatch"}
	},
}

// cookieFlag is a cookie keyword that takes no argument, with its field.
type cookieFlag struct {
	name string
	get  func(*dataplane.Cookie) *bool
}

var cookieFlags = []cookieFlag{
	{"indirect", func(c *dataplane.Cookie) *bool { return &c.Indirect }},
	{"nocache", func(c *dataplane.Cookie) *bool { return &c.Nocache }},
	{"postonly", func(c *dataplane.Cookie) *bool { return &c.Postonly }},
	{"preserve", func(c *dataplane.Cookie) *bool { return &c.Preserve }},
	{"httponly", func(c *dataplane.Cookie) *bool { return &c.Httponly }},
	{"secure", func(c *dataplane.Cookie) *bool { return &c.Secure }},
	{"dynamic", func(c *dataplane.Cookie) *bool { return &c.Dynamic }},
}

// cookieDirective is `cookie <name> [rewrite|insert|prefix] [flags] [domain <d>]*
// [maxidle <t>] [maxlife <t>] [attr <v>]*`.
var cookieDirective = directive[backendObjects]{
	keyword: "cookie",
	match:   func(w []string) bool { return len(w) > 1 && w[0] == "cookie" },
	read: func(b *backendObjects, l *Line) {
		w := l.words
		c := &dataplane.Cookie{Name: l.spell(1)}
		for i := 2; i < len(w); i++ {
			k := w[i]
			if slices.Contains(dataplane.CookieTypes, k) {
				c.Type = k
				continue
			}
			if f := slices.IndexFunc(cookieFlags, func(f cookieFlag) bool { return f.name == k }); f >= 0 {
				*cookieFlags[f].get(c) = true
				continue
			}
			if i+1 >= len(w) {
				break
			}
			i++
			switch k {
			case "domain":
				c.Domains = append(c.Domains, dataplane.CookieValue{Value: l.spell(i)})
			case "attr":
				c.Attrs = append(c.Attrs, dataplane.CookieValue{Value: l.spell(i)})
			case "maxidle":
				c.Maxidle = timeOrNil(w[i])
			case "maxlife":
				c.Maxlife = timeOrNil(w[i])
			}
		}
		b.Cookie = c
	},
	write: func(b *backendObjects) []string {
		c := b.Cookie
		if c == nil {
			return nil
		}
		w := []string{"cookie", c.Name}
		if c.Type != "" {
			w = append(w, c.Type)
		}
		for _, f := range cookieFlags {
			if *f.get(c) {
				w = append(w, f.name)
			}
		}
		for _, d := range c.Domains {
			w = append(w, "domain", d.Value)
		}
		if c.Maxidle != nil {
			w = append(w, "maxidle", formatTime(*c.Maxidle))
		}
		if c.Maxlife != nil {
			w = append(w, "maxlife", formatTime(*c.Maxlife))
		}
		for _, a := range c.Attrs {
			w = append(w, "attr", a.Value)
		}
		return w
	},
}

func timeOrNil(s string) *int64 {
	if v, ok := parseTime(s); ok {
		return &v
	}
	return nil
}

// defaultServerDirective is a backend's `default-server <params>`.
var defaultServerDirective = defaultServerDirectiveOf(func(b *backendObjects) **dataplane.ServerParams { return &b.DefaultServer })

// defaultServerDirectiveOf is `default-server <params>` in a section of model M;
// an existing line is edited keyword by keyword so that the keywords the model
// does not cover stay.
func defaultServerDirectiveOf[M any](get func(*M) **dataplane.ServerParams) directive[M] {
	return directive[M]{
		keyword: "default-server",
		match:   func(w []string) bool { return len(w) > 0 && w[0] == "default-server" },
		read: func(m *M, l *Line) {
			p := &dataplane.ServerParams{}
			readParams(l, 1, serverParamKeywords.paramSet, p)
			*get(m) = p
		},
		write: func(m *M) []string {
			if *get(m) == nil {
				return nil
			}
			w := []string{"default-server"}
			for _, p := range serverParamKeywords.table {
				w = append(w, p.write(*get(m))...)
			}
			if len(w) == 1 {
				return nil
			}
			return w
		},
		update: func(l *Line, m *M) *Line {
			return writeParams(l, 1, serverParamKeywords.paramSet, *get(m))
		},
	}
}
