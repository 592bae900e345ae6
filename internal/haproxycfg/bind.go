package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

type bind = dataplane.Bind

// bindParamTable maps the modeled bind keywords. `name` is handled apart: a bind
// without one is named after its address.
var bindParamTable = []param[bind]{
	boolParam(func(b *bind) *bool { return &b.SSL }, "ssl"),
	fileParam(func(b *bind) *string { return &b.SSLCertificate }, "crt"),
	fileParam(func(b *bind) *string { return &b.SSLCafile }, "ca-file"),
	fileParam(func(b *bind) *string { return &b.CrtList }, "crt-list"),
	valueParam(func(b *bind) *string { return &b.ALPN }, "alpn"),
	wordParam(func(b *bind) *string { return &b.Verify }, "verify"),
	boolParam(func(b *bind) *bool { return &b.AcceptProxy }, "accept-proxy"),
	boolParam(func(b *bind) *bool { return &b.Transparent }, "transparent"),
	boolParam(func(b *bind) *bool { return &b.V4v6 }, "v4v6"),
	boolParam(func(b *bind) *bool { return &b.V6only }, "v6only"),
	boolParam(func(b *bind) *bool { return &b.DeferAccept }, "defer-accept"),
	boolParam(func(b *bind) *bool { return &b.Tfo }, "tfo"),
	wordParam(func(b *bind) *string { return &b.SSLMinVer }, "ssl-min-ver"),
	wordParam(func(b *bind) *string { return &b.SSLMaxVer }, "ssl-max-ver"),
	valueParam(func(b *bind) *string { return &b.Ciphers }, "ciphers"),
	intParam(func(b *bind) **int64 { return &b.Maxconn }, "maxconn"),
	valueParam(func(b *bind) *string { return &b.Thread }, "thread"),
	valueParam(func(b *bind) *string { return &b.Process }, "process"),
	valueParam(func(b *bind) *string { return &b.Level }, "level"),
}

// bindArity is how many arguments the bind keywords we do not model take.
var bindArity = arity(1,
	"name", "accept-netscaler-cip", "backlog", "ca-ignore-err", "ca-sign-file", "ca-sign-pass",
	"ciphersuites", "client-sigalgs", "crl-file", "crt-ignore-err", "curves", "ecdhe",
	"expose-fd", "gid", "group", "id", "interface", "mode", "mss", "namespace", "nice", "npn",
	"proto", "severity-output", "sigalgs", "tcp-ut", "uid", "user", "quic-cc-algo",
)

func readBind(l *Line) dataplane.Bind {
	var b dataplane.Bind
	var port, end string
	b.Address, port, end = splitAddress(l.spell(1))
	b.Port, b.PortRangeEnd = optionalInt(port), optionalInt(end)
	readParams(l, 2, bindParamTable, bindArity, &b)
	b.Name = bindName(l)
	return b
}

// bindName is a bind's `name`, or its address as spelled when it has none.
func bindName(l *Line) string {
	for _, it := range scanParams(l.words, 2, bindParamTable, bindArity) {
		if it.name == "name" && it.j == it.i+2 {
			return l.words[it.i+1]
		}
	}
	return l.spell(1)
}

func checkBind(b *dataplane.Bind) error {
	var address error
	if b.Address == "" && b.Port == nil {
		address = &FieldError{"address", "a bind needs an address or a port"}
	}
	return firstError(
		checkStrings(b),
		checkWord("name", b.Name),
		address,
		checkEnums(
			enumCheck{"verify", b.Verify, dataplane.BindVerify},
			enumCheck{"ssl_min_ver", b.SSLMinVer, dataplane.SSLVersions},
			enumCheck{"ssl_max_ver", b.SSLMaxVer, dataplane.SSLVersions},
		),
		checkRanges(
			rangeCheck{"port", b.Port, 1, 65535},
			rangeCheck{"port-range-end", b.PortRangeEnd, 1, 65535},
			rangeCheck{"maxconn", b.Maxconn, 0, 1 << 31},
		),
	)
}

// bindLine makes l (nil for a new line) the bind line for b.
func (c *Config) bindLine(l *Line, b *dataplane.Bind) *Line {
	addr := joinAddress(b.Address, b.Port, b.PortRangeEnd)
	if l == nil {
		l = newLine("bind " + addr + c.eol)
	} else if have := readBind(l); have.Address != b.Address || !equalInt(have.Port, b.Port) || !equalInt(have.PortRangeEnd, b.PortRangeEnd) {
		e := editLine(l)
		e.replace(1, 2, []string{addr})
		l = e.line()
	}
	// The name is written only when it is not the address, its default.
	name := b.Name
	if name == addr {
		name = ""
	}
	nameTable := []param[bind]{wordParam(func(*bind) *string { return &name }, "name")}
	l = writeParams(l, 2, nameTable, bindArity, b)
	return writeParams(l, 2, bindParamTable, bindArity, b)
}

// Binds is the view of the `bind` lines of frontends.
var Binds = ChildView[dataplane.Bind]{
	parent: "frontend", keyword: "bind",
	name:      bindName,
	modelName: func(b *dataplane.Bind) string { return b.Name },
	read:      readBind,
	check:     checkBind,
	line:      (*Config).bindLine,
	fill: func(b *dataplane.Bind) { // a bind given no name is named after its address
		if b.Name == "" {
			b.Name = joinAddress(b.Address, b.Port, b.PortRangeEnd)
		}
	},
}
