package haproxycfg

import (
	"errors"
	"fmt"
	"strings"
)

// ErrPrivileged marks an edit that adds, changes or removes a privileged line: a
// directive of PrivilegedDirectives. Whoever may write such a line may run
// commands as the user HAProxy starts as (root, usually), and `haproxy -c`
// already runs Lua code and creates files, so the agent decides who may before
// anything is validated.
var ErrPrivileged = errors.New("privileged directive")

// PrivilegedDirective is a directive that runs or loads code, or changes the
// privileges HAProxy or the programs it starts run with.
type PrivilegedDirective struct {
	// Section is the kind of section it is privileged in; "" for any.
	Section string
	// Words are the line's first words, after a `no` or `default` prefix;
	// none for every line of the section (a program section runs a command).
	Words []string
	Why   string
}

// Name is the directive as people write it: "lua-load", "stats socket", or
// "program section" for every line of one.
func (d PrivilegedDirective) Name() string {
	if len(d.Words) == 0 {
		return d.Section + " section"
	}
	return strings.Join(d.Words, " ")
}

// PrivilegedDirectives are HAProxy 2.6's directives that run or load code, or
// change privileges, from its configuration manual: the one table the agent's
// roles and its --forbid-privileged-directives check lines against. Files that
// are only read as data (certificates, maps, error files) are not here.
var PrivilegedDirectives = []PrivilegedDirective{
	{"global", []string{"lua-load"}, "loads and runs a Lua script, when HAProxy starts and in `haproxy -c`"},
	{"global", []string{"lua-load-per-thread"}, "loads and runs a Lua script in every thread"},
	{"global", []string{"lua-prepend-path"}, "changes where Lua scripts load their modules from"},
	{"global", []string{"default-path"}, "changes which files relative paths name, Lua scripts included"},
	{"global", []string{"external-check"}, "lets health checks run programs"},
	{"global", []string{"insecure-fork-wanted"}, "lets HAProxy and its Lua scripts start processes"},
	{"global", []string{"insecure-setuid-wanted"}, "lets the programs HAProxy starts gain privileges through setuid"},
	{"global", []string{"setenv"}, "changes the environment HAProxy, its Lua scripts and its programs run with"},
	{"global", []string{"presetenv"}, "changes the environment HAProxy, its Lua scripts and its programs run with"},
	{"global", []string{"resetenv"}, "changes the environment HAProxy, its Lua scripts and its programs run with"},
	{"global", []string{"unsetenv"}, "changes the environment HAProxy, its Lua scripts and its programs run with"},
	{"global", []string{"user"}, "sets the user HAProxy runs as"},
	{"global", []string{"uid"}, "sets the user HAProxy runs as"},
	{"global", []string{"group"}, "sets the group HAProxy runs as"},
	{"global", []string{"gid"}, "sets the group HAProxy runs as"},
	{"global", []string{"chroot"}, "sets the directory HAProxy is confined to"},
	{"global", []string{"set-dumpable"}, "lets HAProxy's memory, keys included, be dumped to core files"},
	{"global", []string{"stats", "socket"}, "opens a runtime API socket, which changes HAProxy as it runs"},
	{"global", []string{"unix-bind"}, "sets the owner and mode of UNIX sockets, the runtime API's included"},
	{"global", []string{"ssl-engine"}, "loads an OpenSSL engine, a shared library"},
	{"global", []string{"ssl-provider"}, "loads an OpenSSL provider, a shared library"},
	{"global", []string{"ssl-provider-path"}, "changes where OpenSSL providers are loaded from"},
	{"global", []string{"51degrees-data-file"}, "loads a device-detection data file into a third-party library"},
	{"global", []string{"deviceatlas-json-file"}, "loads a device-detection data file into a third-party library"},
	{"global", []string{"wurfl-data-file"}, "loads a device-detection data file into a third-party library"},
	{"global", []string{"wurfl-patch-file"}, "loads a device-detection data file into a third-party library"},
	{"global", []string{"ssl-passphrase-cmd"}, "runs a command to get the passphrases of encrypted keys"},
	{"global", []string{"pidfile"}, "creates or overwrites a file at any path, as the user HAProxy starts as"},
	{"global", []string{"setcap"}, "keeps OS capabilities after HAProxy drops its privileges"},
	{"", []string{"external-check"}, "sets the program a health check runs, or where it is looked up"},
	{"", []string{"option", "external-check"}, "runs a program as the health check"},
	{"", []string{"filter", "opentracing"}, "loads the tracer plugin, a shared library, that its config file names"},
	{"ring", []string{"backing-file"}, "creates and renames a file at any path, in `haproxy -c` too"},
	{"program", nil, "runs a command, which HAProxy's master starts and restarts"},
}

// privilegedByWord indexes PrivilegedDirectives by first word, and by section
// kind for those that take every line of a section: a line costs a map lookup.
var privilegedByWord, privilegedSections = func() (map[string][]PrivilegedDirective, map[string]PrivilegedDirective) {
	byWord, sections := map[string][]PrivilegedDirective{}, map[string]PrivilegedDirective{}
	for _, d := range PrivilegedDirectives {
		if len(d.Words) == 0 {
			sections[d.Section] = d
		} else {
			byWord[d.Words[0]] = append(byWord[d.Words[0]], d)
		}
	}
	return byWord, sections
}()

// privileged returns the directive a line of a section of that kind is, if it is one.
func privileged(kind string, l *Line) (PrivilegedDirective, bool) {
	words := l.words
	if len(words) == 0 {
		return PrivilegedDirective{}, false
	}
	if d, ok := privilegedSections[kind]; ok {
		return d, true
	}
	if words[0] == "no" || words[0] == "default" {
		words = words[1:]
	}
	if len(words) == 0 {
		return PrivilegedDirective{}, false
	}
	for _, d := range privilegedByWord[words[0]] {
		if (d.Section == "" || d.Section == kind) && hasPrefix(words, d.Words) {
			return d, true
		}
	}
	return PrivilegedDirective{}, false
}

func hasPrefix(words, prefix []string) bool {
	if len(words) < len(prefix) {
		return false
	}
	for i, w := range prefix {
		if words[i] != w {
			return false
		}
	}
	return true
}

// PrivilegedEdit refuses an edit from a to b that adds, changes or removes a
// privileged line, and names it. A line counts by its section and its words as
// spelled: moving it within its section, or changing its spacing or comment, is
// no change; quoting it differently is. Sections both configs share untouched
// are skipped, so an edit costs the sections it changed.
func PrivilegedEdit(a, b *Config) error {
	changedA, changedB := changedSections(a.sections, b.sections)
	count := map[string]int{}
	for _, s := range changedA {
		for _, l := range s.lines {
			if _, ok := privileged(s.Kind, l); ok {
				count[privilegedKey(s, l)]++
			}
		}
	}
	for _, s := range changedB {
		for _, l := range s.lines {
			if d, ok := privileged(s.Kind, l); ok {
				if k := privilegedKey(s, l); count[k] > 0 {
					count[k]--
				} else {
					return privilegedError("adds", d, s, l)
				}
			}
		}
	}
	for _, s := range changedA {
		for _, l := range s.lines {
			if d, ok := privileged(s.Kind, l); ok && count[privilegedKey(s, l)] > 0 {
				return privilegedError("removes", d, s, l)
			}
		}
	}
	return nil
}

// changedSections returns the sections of a that b does not share, and those of
// b that a does not share, each in file order. An edit shares every section it
// did not touch, in the same order: past the common ends, few are left.
func changedSections(a, b []*Section) (onlyA, onlyB []*Section) {
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	inB := make(map[*Section]bool, len(b))
	for _, s := range b {
		inB[s] = true
	}
	inA := make(map[*Section]bool, len(a))
	for _, s := range a {
		inA[s] = true
		if !inB[s] {
			onlyA = append(onlyA, s)
		}
	}
	for _, s := range b {
		if !inA[s] {
			onlyB = append(onlyB, s)
		}
	}
	return onlyA, onlyB
}

// privilegedKey identifies a privileged line across two configs: its section's
// kind and name, and its words as spelled.
func privilegedKey(s *Section, l *Line) string {
	return s.Kind + "\x00" + s.Name + "\x00" + strings.Join(l.spells, "\x00")
}

func privilegedError(verb string, d PrivilegedDirective, s *Section, l *Line) error {
	where := "the preamble"
	if s.Kind != "" {
		where = strings.TrimSpace(s.Kind + " " + s.Name)
	}
	prep := "to"
	if verb == "removes" {
		prep = "from"
	}
	return fmt.Errorf("%w: the change %s %q %s %s: %s %s", ErrPrivileged, verb, strings.Join(l.spells, " "), prep, where, d.Name(), d.Why)
}
