package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

type bind = dataplane.Bind

// bindKeywords are the keywords of `bind` lines, from the model's tags. `name`
// is handled apart: a bind without one is named after its address.
var bindKeywords = tagsOf[bind](bindArity)

// bindArity is how many arguments the bind keywords we do not model take.
var bindArity = arity(1, "name")

// bindLines is the grammar of `bind` lines.
var bindLines = bindGrammar[bind]{keyword: "bind", keywords: bindKeywords,
	at: func(b *bind) bindAt { return bindAt{&b.Name, &b.Address, &b.Port, &b.PortRangeEnd} }}

// bindName is a bind's `name`, or its address as spelled when it has none.
func bindName(l *Line) string { return bindLines.name(l) }

// Binds is the view of the `bind` lines of frontends.
var Binds = bindLines.view("frontend", func(b *dataplane.Bind) *dataplane.Metadata { return &b.Metadata })

// bindAt is where a model of a bind-like line keeps what the line's address
// and its `name` say.
type bindAt struct {
	name, address *string
	port, end     **int64
}

func (a bindAt) sameAddress(b bindAt) bool {
	return *a.address == *b.address && equalInt(*a.port, *b.port) && equalInt(*a.end, *b.end)
}

// bindGrammar is the grammar of the lines `<keyword> <address>[:<port>[-<end>]]
// [name <name>] [<params>]` (bind, and a log-forward's dgram-bind): the params
// are those keywords declares, the others kept as written.
type bindGrammar[M any] struct {
	keyword  string
	keywords tagged[M]
	at       func(*M) bindAt
}

func (g bindGrammar[M]) read(l *Line) M {
	var m M
	a := g.at(&m)
	var port, end string
	*a.address, port, end = splitAddress(l.spell(1))
	*a.port, *a.end = optionalInt(port), optionalInt(end)
	readParams(l, 2, g.keywords.paramSet, &m)
	*a.name = g.name(l)
	return m
}

// name is the line's `name`, or its address as spelled when it has none.
func (g bindGrammar[M]) name(l *Line) string {
	for _, it := range scanParams(l.words, 2, g.keywords.paramSet) {
		if it.name == "name" && it.j == it.i+2 {
			return l.words[it.i+1]
		}
	}
	return l.spell(1)
}

func (g bindGrammar[M]) check(m *M) error {
	a := g.at(m)
	var address error
	if *a.address == "" && *a.port == nil {
		address = &FieldError{"address", "a " + g.keyword + " needs an address or a port"}
	}
	return firstError(
		checkStrings(m),
		checkWord("name", *a.name),
		address,
		checkRanges(
			rangeCheck{"port", *a.port, 1, 65535},
			rangeCheck{"port-range-end", *a.end, 1, 65535},
		),
		g.keywords.check(m),
	)
}

// line makes l (nil for a new line) the line for m.
func (g bindGrammar[M]) line(c *Config, l *Line, m *M) *Line {
	a := g.at(m)
	addr := joinAddress(*a.address, *a.port, *a.end)
	if l == nil {
		l = newLine(g.keyword + " " + addr + c.eol)
	} else if have := g.read(l); !g.at(&have).sameAddress(a) {
		e := editLine(l)
		e.replace(1, 2, []string{addr})
		l = e.line()
	}
	// The name is written only when it is not the address, its default.
	name := *a.name
	if name == addr {
		name = ""
	}
	nameTable := []param[M]{wordParam(func(*M) *string { return &name }, "name")}
	l = writeParams(l, 2, newParamSet(nameTable, g.keywords.arity), m)
	return writeParams(l, 2, g.keywords.paramSet, m)
}

// view is the view of the lines in sections of kind parent.
func (g bindGrammar[M]) view(parent string, metadata func(*M) *dataplane.Metadata) ChildView[M] {
	return ChildView[M]{
		parent: parent, keyword: g.keyword,
		name:      g.name,
		modelName: func(m *M) string { return *g.at(m).name },
		read:      g.read,
		check:     g.check,
		line:      g.line,
		metadata:  metadata,
		fill: func(m *M) { // a line given no name is named after its address
			if a := g.at(m); *a.name == "" {
				*a.name = joinAddress(*a.address, *a.port, *a.end)
			}
		},
	}
}
