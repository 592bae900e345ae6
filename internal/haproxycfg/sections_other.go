package haproxycfg

import (
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The sections that are not proxies (resolvers, userlist, peers, cache,
// http-errors, ring, mailers) and their named children. Each is a SectionView
// or ChildView like a frontend or a server: the same lossless edits, checks,
// read-back, metadata and per-object versions (their children are named in
// otherChildKeywords, objects.go).

// otherSection is the view of a section kind whose settings are all in its
// model's tags, with parts its children.
func otherSection[M any](kind string, name func(*M) *string, metadata func(*M) *dataplane.Metadata,
	extra []directive[M], check func(*M) error, parts ...childPart[M]) SectionView[M] {
	settings := sectionTagsOf[M]()
	return SectionView[M]{
		kind: kind, name: name, metadata: metadata,
		table: append(settings.table, extra...),
		parts: parts,
		check: func(m *M) error {
			var more error
			if check != nil {
				more = check(m)
			}
			return firstError(checkStrings(m), checkName("name", *name(m)), settings.check(m), more)
		},
	}
}

// addressedChild is the view of the lines `<keyword> <name> <address>[:<port>]
// [<params>]` of a section kind (nameserver, peer, mailer): the params are
// those M's tags declare, the others kept as written. A port is required when
// the official model requires one.
func addressedChild[M any](parent, keyword string, needPort bool, name, address func(*M) *string, port func(*M) **int64,
	metadata func(*M) *dataplane.Metadata) ChildView[M] {
	tags := tagsOf[M](map[string]int{})
	read := func(l *Line) M {
		var m M
		*name(&m) = l.words[1]
		if len(l.words) > 2 {
			var p string
			*address(&m), p, _ = splitAddress(l.spell(2))
			*port(&m) = optionalInt(p)
		}
		readParams(l, 3, tags.paramSet, &m)
		return m
	}
	return ChildView[M]{
		parent: parent, keyword: keyword,
		name:      func(l *Line) string { return l.words[1] },
		modelName: func(m *M) string { return *name(m) },
		read:      read,
		metadata:  metadata,
		check: func(m *M) error {
			var missing error
			if needPort && *port(m) == nil {
				missing = &FieldError{"port", "is required"}
			}
			return firstError(
				checkStrings(m),
				checkName("name", *name(m)),
				checkWord("address", *address(m)),
				checkRange("port", *port(m), 1, 65535),
				missing,
				tags.check(m),
			)
		},
		line: func(c *Config, l *Line, m *M) *Line {
			addr := joinAddress(*address(m), *port(m), nil)
			if l == nil {
				l = newLine(keyword + " " + *name(m) + " " + addr + c.eol)
			} else if have := read(l); *address(&have) != *address(m) || !equalInt(*port(&have), *port(m)) {
				e := editLine(l)
				e.replace(2, min(3, len(e.words)), []string{addr})
				l = e.line()
			}
			return writeParams(l, 3, tags.paramSet, m)
		},
	}
}
