package haproxy

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// PatternFile is a map or an ACL the running HAProxy has loaded, as `show map`
// and `show acl` list them: its runtime ID, the file it was loaded from ("" for
// an ACL written inline in haproxy.cfg), and HAProxy's description of it.
type PatternFile struct {
	ID          string
	File        string
	Description string
}

// PatternEntry is one entry of a map or an ACL: its reference (HAProxy's
// unique identifier for it, valid until the next reload), its key (an ACL's
// pattern) and, in a map, its value.
type PatternEntry struct {
	Ref   string
	Key   string
	Value string
}

// maxCommandLine bounds a command line to the runtime API. HAProxy reads a
// line into one buffer (tune.bufsize, 16 KiB by default) and answers a longer
// one with its help text, having run nothing; half of it leaves room for
// the master CLI's prefix and a smaller bufsize.
const maxCommandLine = 8 << 10

// CheckPatternKey refuses what cannot be a map's key or an ACL's pattern both
// in the running HAProxy and in its file: empty, a blank or a control character
// (the file's key ends at the first blank, a line at a newline), or a leading
// '#' (a comment in the file, an entry's reference on the CLI). what names the
// value in the error.
func CheckPatternKey(what, key string) error {
	switch {
	case key == "":
		return fmt.Errorf("%w: %s is empty", ErrInvalidValue, what)
	case strings.HasPrefix(key, "#"):
		return fmt.Errorf("%w: %s %q starts with '#', which the file reads as a comment", ErrInvalidValue, what, key)
	case strings.ContainsFunc(key, func(c rune) bool { return c <= ' ' || c == 0x7f }):
		return fmt.Errorf("%w: %s %q holds a blank or a control character", ErrInvalidValue, what, key)
	case strings.HasSuffix(key, payloadMark):
		return errPayloadMark(what, key)
	}
	return nil
}

func errPayloadMark(what, s string) error {
	return fmt.Errorf("%w: %s %q ends with %q, which the runtime API reads as the start of a payload", ErrInvalidValue, what, s, payloadMark)
}

// CheckPatternValue refuses what cannot be a map's value both in the running
// HAProxy and in its file: empty (the CLI cannot send it), a control character
// (a newline would end the file's line), or blanks at either end (the file
// drops them). Blanks inside are kept.
func CheckPatternValue(what, value string) error {
	switch {
	case value == "":
		return fmt.Errorf("%w: %s is empty", ErrInvalidValue, what)
	case strings.ContainsFunc(value, func(c rune) bool { return c < ' ' || c == 0x7f }):
		return fmt.Errorf("%w: %s %q holds a control character", ErrInvalidValue, what, value)
	case strings.TrimSpace(value) != value:
		return fmt.Errorf("%w: %s %q starts or ends with a blank, which the file drops", ErrInvalidValue, what, value)
	case strings.HasSuffix(value, payloadMark):
		return errPayloadMark(what, value)
	}
	return nil
}

// cliWord is s as one word of a runtime API command line. The CLI splits words
// on blanks, ends a command at ';', and reads a backslash as escaping the next
// character (management.txt: "If a command needs to use a semi-colon or a
// backslash (eg: in a value), it must be preceded by a backslash"); quotes and
// '#' inside a word are plain characters. So blanks, ';' and '\' are escaped,
// and control characters, which no escape carries, were refused before.
func cliWord(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c == ' ' || c == ';' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// patternCommand builds a command line from a command and its words, each
// escaped; a line HAProxy would not read whole is ErrInvalidValue.
func patternCommand(cmd string, words ...string) (string, error) {
	line := cmd
	for _, w := range words {
		if w == "" || strings.ContainsFunc(w, func(c rune) bool { return c < ' ' || c == 0x7f }) {
			return "", fmt.Errorf("haproxy runtime API: %s: %w: %q cannot be sent", cmd, ErrInvalidValue, w)
		}
		line += " " + cliWord(w)
	}
	if len(line) > maxCommandLine {
		return "", fmt.Errorf("haproxy runtime API: %s: %w: the command would be %d bytes long, and the runtime API takes at most %d", cmd, ErrInvalidValue, len(line), maxCommandLine)
	}
	return line, nil
}

// patternError classifies HAProxy 2.6's answers to the map and ACL commands.
func patternError(err error) error {
	var ce *CommandError
	if !errors.As(err, &ce) || ce.kind != nil {
		return err
	}
	switch low := strings.ToLower(ce.Message); {
	case strings.HasPrefix(low, "unknown map identifier"), strings.HasPrefix(low, "unknown acl identifier"),
		strings.HasPrefix(low, "key not found"), strings.HasPrefix(low, "entry not found"):
		ce.kind = ErrNotFound
	default: // "'x' is not a valid IPv4 or IPv6 address.", "unable to parse ...": the value is refused
		ce.kind = ErrInvalidValue
	}
	return ce
}

// pattern runs a command that changes a map or an ACL: success is an empty answer.
func (r *Runtime) pattern(ctx context.Context, cmd string, words ...string) error {
	line, err := patternCommand(cmd, words...)
	if err != nil {
		return err
	}
	_, err = r.worker(ctx, line, empty)
	return patternError(err)
}

// Maps lists the maps the running HAProxy has loaded (`show map`).
func (r *Runtime) Maps(ctx context.Context) ([]PatternFile, error) {
	return r.patternFiles(ctx, "show map")
}

// ACLs lists the ACLs the running HAProxy has loaded (`show acl`): those of a
// file and those written inline.
func (r *Runtime) ACLs(ctx context.Context) ([]PatternFile, error) {
	return r.patternFiles(ctx, "show acl")
}

func (r *Runtime) patternFiles(ctx context.Context, cmd string) ([]PatternFile, error) {
	ans, err := r.question(ctx, cmd, func(ans string) bool { return strings.HasPrefix(ans, "# id") })
	if err != nil {
		return nil, err
	}
	return parsePatternFiles(ans), nil
}

// parsePatternFiles reads `show map` or `show acl`: "# id (file) description"
// then one line per map or ACL, such as
// "5 (/etc/haproxy/maps/hosts.map) pattern loaded from file ..." or
// "1 () acl 'src' file 'haproxy.cfg' line 10. ...".
func parsePatternFiles(ans string) []PatternFile {
	out := []PatternFile{}
	for line := range strings.SplitSeq(ans, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, rest, ok := strings.Cut(line, " (")
		if !ok {
			continue
		}
		file, desc, ok := strings.Cut(rest, ") ")
		if !ok {
			continue
		}
		out = append(out, PatternFile{ID: id, File: file, Description: desc})
	}
	return out
}

// MapEntries lists the entries of a loaded map (`show map <file>`), in
// HAProxy's order; a map not loaded is ErrNotFound.
func (r *Runtime) MapEntries(ctx context.Context, file string) ([]PatternEntry, error) {
	return r.entries(ctx, "show map", file, true)
}

// ACLEntries lists the patterns of a loaded ACL, named by its file or by
// "#<id>" (`show acl <acl>`); an ACL not loaded is ErrNotFound.
func (r *Runtime) ACLEntries(ctx context.Context, acl string) ([]PatternEntry, error) {
	return r.entries(ctx, "show acl", acl, false)
}

func (r *Runtime) entries(ctx context.Context, cmd, name string, withValue bool) ([]PatternEntry, error) {
	line, err := patternCommand(cmd, name)
	if err != nil {
		return nil, err
	}
	ans, err := r.question(ctx, line, func(ans string) bool { return !strings.HasPrefix(ans, "Unknown ") })
	if err != nil {
		return nil, patternError(err)
	}
	return parsePatternEntries(ans, withValue), nil
}

// parsePatternEntries reads the dump of one map ("<ref> <key> <value>", the
// value running to the end of the line, blanks included) or ACL ("<ref>
// <pattern>").
func parsePatternEntries(ans string, withValue bool) []PatternEntry {
	out := []PatternEntry{}
	for line := range strings.SplitSeq(ans, "\n") {
		ref, rest, ok := strings.Cut(line, " ")
		if !ok || !strings.HasPrefix(ref, "0x") {
			continue
		}
		e := PatternEntry{Ref: ref, Key: rest}
		if withValue {
			e.Key, e.Value, _ = strings.Cut(rest, " ")
		}
		out = append(out, e)
	}
	return out
}

// AddMapEntry adds key with value to a loaded map (`add map`). HAProxy does not
// look for the key first: a second entry with the same key is added.
func (r *Runtime) AddMapEntry(ctx context.Context, file, key, value string) error {
	return r.pattern(ctx, "add map", file, key, value)
}

// SetMapEntry gives every entry of key the value (`set map`); a key the map
// does not hold is ErrNotFound.
func (r *Runtime) SetMapEntry(ctx context.Context, file, key, value string) error {
	return r.pattern(ctx, "set map", file, key, value)
}

// SetMapRef gives one entry, named by its reference, the value.
func (r *Runtime) SetMapRef(ctx context.Context, file, ref, value string) error {
	return r.pattern(ctx, "set map", file, "#"+ref, value)
}

// DeleteMapEntry deletes every entry of key (`del map`); a key the map does
// not hold is ErrNotFound.
func (r *Runtime) DeleteMapEntry(ctx context.Context, file, key string) error {
	return r.pattern(ctx, "del map", file, key)
}

// AddACLEntry adds a pattern to a loaded ACL, named by its file or "#<id>"
// (`add acl`). HAProxy checks the pattern as the ACL's match method reads it.
func (r *Runtime) AddACLEntry(ctx context.Context, acl, pattern string) error {
	return r.pattern(ctx, "add acl", acl, pattern)
}

// DeleteACLEntry deletes every entry of a pattern, or the one entry "#<ref>"
// names (`del acl`).
func (r *Runtime) DeleteACLEntry(ctx context.Context, acl, patternOrRef string) error {
	return r.pattern(ctx, "del acl", acl, patternOrRef)
}

// ReplaceMap replaces every entry of a loaded map at once (`prepare map`, `add
// map @<version>` per entry, `commit map`): requests see the old entries or
// the new ones, never a mix. If an entry is refused, the new version is
// cleared and the map keeps its entries.
func (r *Runtime) ReplaceMap(ctx context.Context, file string, entries []PatternEntry) error {
	return r.replace(ctx, "map", file, entries)
}

// ReplaceACL is ReplaceMap for an ACL named by its file or "#<id>".
func (r *Runtime) ReplaceACL(ctx context.Context, acl string, entries []PatternEntry) error {
	return r.replace(ctx, "acl", acl, entries)
}

func (r *Runtime) replace(ctx context.Context, kind, name string, entries []PatternEntry) error {
	prepare, err := patternCommand("prepare "+kind, name)
	if err != nil {
		return err
	}
	ans, err := r.worker(ctx, prepare, func(ans string) bool { return strings.HasPrefix(ans, "New version created:") })
	if err != nil {
		return patternError(err)
	}
	version := strings.TrimSpace(strings.TrimPrefix(ans, "New version created:"))
	if version == "" || strings.ContainsFunc(version, func(c rune) bool { return c < '0' || c > '9' }) {
		return fmt.Errorf("haproxy runtime API: %s: unexpected answer %q", prepare, ans)
	}
	at := "@" + version
	for _, e := range entries {
		words := []string{at, name, e.Key}
		if kind == "map" {
			words = append(words, e.Value)
		}
		if err := r.pattern(ctx, "add "+kind, words...); err != nil {
			// The version is not committed: requests never saw it; drop it.
			if cerr := r.pattern(ctx, "clear "+kind, at, name); cerr != nil {
				return fmt.Errorf("%w (and clearing the uncommitted version failed: %v)", err, cerr)
			}
			return err
		}
	}
	return r.pattern(ctx, "commit "+kind, at, name)
}

// CheckACLPattern refuses what cannot be an ACL's pattern both in the running
// HAProxy and in its file: what CheckPatternValue refuses, and a leading '#'
// (a comment in the file, an entry's reference on the CLI).
func CheckACLPattern(what, pattern string) error {
	if strings.HasPrefix(pattern, "#") {
		return fmt.Errorf("%w: %s %q starts with '#', which the file reads as a comment", ErrInvalidValue, what, pattern)
	}
	return CheckPatternValue(what, pattern)
}

// ClearMap deletes every entry of a loaded map (`clear map`).
func (r *Runtime) ClearMap(ctx context.Context, file string) error {
	return r.pattern(ctx, "clear map", file)
}
