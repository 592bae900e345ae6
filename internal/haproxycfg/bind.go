package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

type bind = dataplane.Bind

// bindKeywords are the keywords of `bind` lines, from the model's tags. `name`
// is handled apart: a bind without one is named after its address.
var bindKeywords = tagsOf[bind](bindArity)

// bindArity is how many arguments the bind keywords we do not model take.
var bindArity = arity(1, "name")

func readBind(l *Line) dataplane.Bind {
	var b dataplane.Bind
	var port, end string
	b.Address, port, end = splitAddress(l.spell(1))
	b.Port, b.PortRangeEnd = optionalInt(port), optionalInt(end)
	readParams(l, 2, bindKeywords.paramSet, &b)
	b.Name = bindName(l)
	return b
}

// bindName is a bind's `name`, or its address as spelled when it has none.
func bindName(l *Line) string {
	for _, it := range scanParams(l.words, 2, bindKeywords.paramSet) {
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
		checkRanges(
			rangeCheck{"port", b.Port, 1, 65535},
			rangeCheck{"port-range-end", b.PortRangeEnd, 1, 65535},
		),
		bindKeywords.check(b),
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
	l = writeParams(l, 2, newParamSet(nameTable, bindKeywords.arity), b)
	return writeParams(l, 2, bindKeywords.paramSet, b)
}

// Binds is the view of the `bind` lines of frontends.
var Binds = ChildView[dataplane.Bind]{
	parent: "frontend", keyword: "bind",
	name:      bindName,
	modelName: func(b *dataplane.Bind) string { return b.Name },
	read:      readBind,
	check:     checkBind,
	line:      (*Config).bindLine,
	metadata:  func(b *dataplane.Bind) *dataplane.Metadata { return &b.Metadata },
	fill: func(b *dataplane.Bind) { // a bind given no name is named after its address
		if b.Name == "" {
			b.Name = joinAddress(b.Address, b.Port, b.PortRangeEnd)
		}
	},
}
