package haproxycfg

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// PeerEntries is the view of the `peer <name> <address>:<port> [shard <n>]`
// lines of peers sections.
var PeerEntries = addressedChild("peers", "peer", true,
	func(p *dataplane.PeerEntry) *string { return &p.Name },
	func(p *dataplane.PeerEntry) *string { return &p.Address },
	func(p *dataplane.PeerEntry) **int64 { return &p.Port },
	func(p *dataplane.PeerEntry) *dataplane.Metadata { return &p.Metadata })

// PeerServers is the view of the `server <name> [<address>:<port>]` lines of
// peers sections; the local peer's has no address.
var PeerServers = func() ChildView[dataplane.Server] {
	v := inSection(Servers, "peers")
	v.check = func(s *dataplane.Server) error {
		if s.Address == "" && s.Port == nil {
			local := *s
			local.Address = "local" // checked as any server, but for the address it has not
			return checkServer(&local)
		}
		return checkServer(s)
	}
	return v
}()

// PeerBinds is the view of the `bind` lines of peers sections.
var PeerBinds = inSection(Binds, "peers")

// PeerSections is the view of the `peers` sections.
var PeerSections = otherSection("peers",
	func(p *dataplane.PeerSection) *string { return &p.Name },
	func(p *dataplane.PeerSection) *dataplane.Metadata { return &p.Metadata },
	[]directive[dataplane.PeerSection]{
		defaultServerDirectiveOf(func(p *dataplane.PeerSection) **dataplane.ServerParams { return &p.DefaultServer }),
	},
	func(p *dataplane.PeerSection) error {
		if p.DefaultServer != nil {
			return serverParamKeywords.check(p.DefaultServer)
		}
		return nil
	},
	namedPart("peer_entries", PeerEntries, func(p *dataplane.PeerSection) *map[string]dataplane.PeerEntry { return &p.PeerEntries },
		func(e *dataplane.PeerEntry) *string { return &e.Name }),
	namedPart("binds", PeerBinds, func(p *dataplane.PeerSection) *map[string]dataplane.Bind { return &p.Binds },
		func(b *dataplane.Bind) *string { return &b.Name }),
	namedPart("servers", PeerServers, func(p *dataplane.PeerSection) *map[string]dataplane.Server { return &p.Servers },
		func(s *dataplane.Server) *string { return &s.Name }),
	namedPart("tables", Tables, func(p *dataplane.PeerSection) *map[string]dataplane.Table { return &p.Tables },
		func(t *dataplane.Table) *string { return &t.Name }))

// Tables is the view of the `table` lines of peers sections.
var Tables = ChildView[dataplane.Table]{
	parent: "peers", keyword: "table",
	name:      func(l *Line) string { return l.words[1] },
	modelName: func(t *dataplane.Table) string { return t.Name },
	metadata:  func(t *dataplane.Table) *dataplane.Metadata { return &t.Metadata },
	read:      readTable,
	check:     checkTable,
	line: func(c *Config, l *Line, t *dataplane.Table) *Line {
		if l != nil && sameTable(readTable(l), *t) { // `store a store b` stays as written
			return l
		}
		w := []string{"table", t.Name}
		add := func(words ...string) { w = append(w, words...) }
		if t.Type != "" {
			add("type", t.Type)
		}
		if t.TypeLen != nil {
			add("len", formatInt(*t.TypeLen))
		}
		if t.Size != "" {
			add("size", t.Size)
		}
		if t.Expire != "" {
			add("expire", t.Expire)
		}
		if t.NoPurge {
			add("nopurge")
		}
		if t.Store != "" {
			add("store", t.Store)
		}
		if t.WriteTo != "" {
			add("write-to", t.WriteTo)
		}
		if t.RecvOnly {
			add("recv-only")
		}
		if l == nil {
			return newLine(strings.Join(w, " ") + c.eol)
		}
		return rewriteChanged(l, w)
	},
}

func readTable(l *Line) dataplane.Table {
	t := dataplane.Table{Name: l.words[1]}
	w := l.words
	var store []string
	for i := 2; i < len(w); i++ {
		switch w[i] {
		case "nopurge":
			t.NoPurge = true
			continue
		case "recv-only":
			t.RecvOnly = true
			continue
		}
		if i+1 >= len(w) {
			break
		}
		switch w[i] {
		case "type":
			t.Type = w[i+1]
		case "len":
			t.TypeLen = optionalInt(w[i+1])
		case "size":
			t.Size = l.spell(i + 1)
		case "expire":
			t.Expire = l.spell(i + 1)
		case "store":
			store = append(store, l.spell(i+1))
		case "write-to":
			t.WriteTo = l.spell(i + 1)
		default:
			continue
		}
		i++
	}
	t.Store = strings.Join(store, ",")
	return t
}

// sameTable tells whether two tables say the same, their comments aside.
func sameTable(a, b dataplane.Table) bool {
	a.Metadata, b.Metadata = nil, nil
	return reflect.DeepEqual(a, b)
}

var (
	tableSize   = regexp.MustCompile(`^\d+[kKmMgG]?$`)
	tableExpire = regexp.MustCompile(`^\d+(ms|s|m|h|d)?$`)
)

func checkTable(t *dataplane.Table) error {
	pattern := func(field, v string, re *regexp.Regexp, what string) error {
		if v != "" && !re.MatchString(v) {
			return &FieldError{field, fmt.Sprintf("%q is not %s", v, what)}
		}
		return nil
	}
	return firstError(
		checkStrings(t),
		checkName("name", t.Name),
		checkOneOf("type", t.Type, dataplane.TableTypes...),
		checkRange("type_len", t.TypeLen, 1, 2147483647),
		pattern("size", t.Size, tableSize, "a size such as 100k"),
		pattern("expire", t.Expire, tableExpire, "a time such as 30s"),
		checkOptionalName("write_to", t.WriteTo),
		checkOptionalWords("store", t.Store),
	)
}

// checkOptionalWords checks a value written as one word, when set.
func checkOptionalWords(field, v string) error {
	if v == "" {
		return nil
	}
	if err := checkWord(field, v); err != nil {
		return err
	}
	if strings.ContainsAny(v, " \t") {
		return &FieldError{field, fmt.Sprintf("%q must be one word", v)}
	}
	return nil
}
