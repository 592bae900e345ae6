package haproxycfg

import (
	"reflect"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

type serverParams = dataplane.ServerParams

// serverKeywords and serverParamKeywords are the keywords of `server` and
// `default-server` lines, from the models' tags.
var (
	serverKeywords      = tagsOf[dataplane.Server](serverArity)
	serverParamKeywords = tagsOf[serverParams](serverArity)
)

// serverArity is how many arguments the server keywords we do not model take, so
// that reading past them stays in step. Unlisted keywords take none.
var serverArity = arity(1, "usesrc", "interface")

func arity(n int, keywords ...string) map[string]int {
	m := make(map[string]int, len(keywords))
	for _, k := range keywords {
		m[k] = n
	}
	return m
}

// splitAddress splits `address[:port[-end]]` as HAProxy does: the port follows the
// last colon, an IPv6 address may be bracketed, and sockets (`/path`, `unix@`,
// `abns@`, `fd@`, `sockpair@`) have none. A port that is not a number (an
// environment reference, an offset) is left in the address, so that rewriting the
// address never drops it.
func splitAddress(s string) (address, port, portEnd string) {
	if strings.HasPrefix(s, "/") || strings.Contains(s, "unix@") || strings.Contains(s, "abns@") ||
		strings.HasPrefix(s, "fd@") || strings.HasPrefix(s, "sockpair@") {
		return s, "", ""
	}
	host, p := s, ""
	if rest, ok := strings.CutPrefix(s, "["); ok {
		h, after, _ := strings.Cut(rest, "]")
		host, p = h, strings.TrimPrefix(after, ":")
	} else if i := strings.LastIndexByte(s, ':'); i >= 0 {
		host, p = s[:i], s[i+1:]
	}
	lo, hi, ranged := strings.Cut(p, "-")
	if _, ok := parseInt(lo); p != "" && !ok {
		return s, "", ""
	}
	if _, ok := parseInt(hi); ranged && !ok {
		return s, "", ""
	}
	return host, lo, hi
}

// joinAddress is the inverse of splitAddress.
func joinAddress(address string, port, portEnd *int64) string {
	if port == nil {
		return address
	}
	s := address + ":" + formatInt(*port)
	if portEnd != nil {
		s += "-" + formatInt(*portEnd)
	}
	return s
}

func optionalInt(s string) *int64 {
	if v, ok := parseInt(s); ok {
		return &v
	}
	return nil
}

func readServer(l *Line) dataplane.Server {
	s := dataplane.Server{Name: l.words[1]}
	if len(l.words) > 2 {
		var port string
		s.Address, port, _ = splitAddress(l.spell(2))
		// Port 0 is no port to HAProxy: the server takes the port the
		// client connected to. It reads as unset, as the API says that.
		if s.Port = optionalInt(port); s.Port != nil && *s.Port == 0 {
			s.Port = nil
		}
	}
	readParams(l, 3, serverKeywords.paramSet, &s)
	return s
}

func checkServer(s *dataplane.Server) error {
	return firstError(
		checkStrings(s),
		checkName("name", s.Name),
		checkWord("address", s.Address),
		checkRange("port", s.Port, 1, 65535),
		serverKeywords.check(s),
	)
}

// serverLine makes l (nil for a new line) the server line for s.
func (c *Config) serverLine(l *Line, s *dataplane.Server) *Line {
	addr := joinAddress(s.Address, s.Port, nil)
	if l == nil {
		l = newLine("server " + s.Name + " " + addr + c.eol)
	} else if have := readServer(l); have.Address != s.Address || !equalInt(have.Port, s.Port) {
		e := editLine(l)
		e.replace(2, min(3, len(e.words)), []string{addr})
		l = e.line()
	}
	return writeParams(l, 3, serverKeywords.paramSet, s)
}

func equalInt(a, b *int64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// Servers is the view of the `server` lines of backends.
var Servers = ChildView[dataplane.Server]{
	parent: "backend", keyword: "server",
	name:      func(l *Line) string { return l.words[1] },
	modelName: func(s *dataplane.Server) string { return s.Name },
	read:      readServer,
	check:     checkServer,
	line:      (*Config).serverLine,
	metadata:  func(s *dataplane.Server) *dataplane.Metadata { return &s.Metadata },
}

// ServerWords returns the words a server line for s has after its name: what
// `add server <backend>/<name>` takes. allow (nil: any) says which files it may
// name, as Config.AllowFiles.
func ServerWords(s dataplane.Server, allow func(path string) error) ([]string, error) {
	c := &Config{eol: "\n", allowFile: allow}
	if err := checkServer(&s); err != nil {
		return nil, err
	}
	write := Servers.written(c, nil)
	if err := checkFiles(c, &s, write(&s), nil, write); err != nil {
		return nil, err
	}
	return c.serverLine(nil, &s).words[2:], nil
}

// DynamicServerWords is ServerWords for a server added through the runtime API
// alone: it starts with every switch off and inherits no default-server line,
// and HAProxy 2.6 refuses the negations (no-check...) on it, so a switch set to
// "disabled" is left out.
func DynamicServerWords(s dataplane.Server, allow func(path string) error) ([]string, error) {
	v := reflect.ValueOf(&s).Elem()
	for _, f := range serverKeywords.fields {
		if x := v.FieldByIndex(f.index); f.kind == "switch" && x.String() == dataplane.Disabled {
			x.SetString("")
		}
	}
	return ServerWords(s, allow)
}

// DefaultServerWords returns the `default-server` keywords that apply to a
// backend's servers, in the order HAProxy applies them: those of the defaults
// section it takes its defaults from (named with `from`, else the last defaults
// section before it, each following its own `from`), then the backend's own.
// A server added through the runtime API takes no defaults, so the agent passes
// these first.
func DefaultServerWords(c *Config, backend string) []string {
	i := c.find("backend", backend)
	if i < 0 {
		return nil
	}
	var chain []*Section // the backend, then its defaults, then theirs
	seen := map[*Section]bool{}
	for s, at := c.sections[i], i; s != nil && !seen[s]; {
		seen[s] = true
		chain = append(chain, s)
		next := (*Section)(nil)
		if from := s.From(); from != "" {
			if j := c.find("defaults", from); j >= 0 {
				next, at = c.sections[j], j
			}
		} else if s.Kind != "defaults" {
			for j := at - 1; j >= 0; j-- {
				if c.sections[j].Kind == "defaults" {
					next, at = c.sections[j], j
					break
				}
			}
		}
		s = next
	}
	var words []string
	for k := len(chain) - 1; k >= 0; k-- {
		for _, l := range chain[k].lines[chain[k].body():] {
			if l.keyword() == "default-server" {
				words = append(words, l.words[1:]...)
			}
		}
	}
	return words
}
