package haproxycfg

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The keyword params of server, default-server and bind lines, and the
// single-line settings of frontend and backend sections, are declared on the
// models, one struct tag per field, and read here once at start into the tables
// readParams/writeParams and readDirectives/writeDirectives walk and into the
// checks every value passes:
//
//	hap:"<keyword>[|<negation>],<kind>"  enum:"<a>|<b>"  range:"<lo>,<hi>"
//
// For a section setting, the keyword is the words its line starts with
// (`timeout client`, `option abortonclose`), and the value follows them.
//
// On a server or bind line, `<keyword>(<n>)` is the n-th argument that the
// value of the field of that keyword carries in parentheses: `quic-cc-algo(1)`
// is the window of `quic-cc-algo cubic(<window>,<burst>)`. Such a field is
// written with that keyword (its row) and needs it set.
//
// The kinds, by the Go type they hold:
//
//	switch  string "enabled"/"disabled": on a server or bind line, the keyword or
//	        its negation (check / no-check), with no negation only "enabled"; in
//	        a section, the line `<keyword>` or `no <keyword>`
//	flag    bool: the keyword is there (`ssl`, `option httplog`); on a server or
//	        bind line, a keyword of two words (`expose-fd listeners`) takes its
//	        second word as its argument
//	word    string: one plain word, read as HAProxy reads it (an enum)
//	name    string: a word that names a section (default_backend), checked as names are
//	text    string: one value, as spelled (an expression, a cipher list, a log-format)
//	line    string: in a section, the rest of the line, as spelled (description)
//	lines   []string: in a section, repeated lines `<keyword> <rest>`, each the
//	        rest of its line as spelled, in file order (redirect)
//	file    string: one value, as spelled, that names a file (see files.go)
//	int     *int64
//	time    *int64 milliseconds, written as HAProxy times ("5s"); a bare number is ms
//	seconds *int64 milliseconds, as time, but a bare number is seconds (clitcpka-idle)
//	size    *int64 kilobytes, written as a HAProxy size (64k, 1m, 4g); a bare number is bytes
//	list    []string, written comma-separated (proxy-v2-options)
//	files   []string, files each written as `<keyword> <file>`, the keyword repeated (default-crt)
//	idvalue *dataplane.IDValue, written `<keyword>(<id>) <value>` (set-proxy-v2-tlv-fmt)
//	onoff   string "enabled"/"disabled", in a section the line `<keyword> on|off`;
//	        other values of its enum (auto) are written as they are
//	bytes   *int64 bytes, read as a HAProxy size (16k), written as a number

// taggedField is one field with a `hap` tag.
type taggedField struct {
	index    []int
	member   string   // its JSON member, which names it in errors
	keywords []string // the keyword, then its negation for a switch
	kind     string
	enum     []string
	lo, hi   int64
	ranged   bool
	arg      int          // n of a parenthesised argument, `<keyword>(<n>)`; 0 for none
	head     *taggedField // the field of the keyword whose value carries this argument
	row      int          // the param or directive that writes it, in the table
}

// taggedFields reads the tags of M, embedded structs included, as the keyword
// params of a line or (section) as the settings of a section; a malformed tag
// panics at start-up, where a test sees it.
func taggedFields[M any](section bool) []taggedField {
	var out []taggedField
	for _, f := range reflect.VisibleFields(reflect.TypeFor[M]()) {
		tag, ok := f.Tag.Lookup("hap")
		if !ok {
			continue
		}
		words, kind, _ := strings.Cut(tag, ",")
		t := checkTags(f, dataplane.JSONName(f))
		t.keywords, t.kind = strings.Split(words, "|"), kind
		if name, n, ok := strings.Cut(words, "("); ok {
			var err error
			t.keywords = []string{name}
			if t.arg, err = strconv.Atoi(strings.TrimSuffix(n, ")")); err != nil || section || t.arg < 1 {
				panic(fmt.Sprintf("haproxycfg: bad argument tag on %s", t.member))
			}
		}
		switch {
		case kind == "onoff" && t.enum == nil:
			t.enum = dataplane.Switch
		case kind != "switch" || t.enum != nil:
		case section: // `no <keyword>`
			t.enum = dataplane.Switch
		default:
			t.enum = dataplane.Switch[:len(t.keywords)]
		}
		if want := kindTypes[kind]; want == nil || f.Type != want {
			panic(fmt.Sprintf("haproxycfg: field %s of kind %q cannot be a %s", t.member, kind, f.Type))
		}
		out = append(out, t)
	}
	for k := range out {
		if out[k].arg == 0 {
			continue
		}
		for h := range out {
			if out[h].arg == 0 && out[h].keywords[0] == out[k].keywords[0] {
				out[k].head = &out[h]
			}
		}
		if out[k].head == nil {
			panic(fmt.Sprintf("haproxycfg: argument %s has no field of its keyword", out[k].member))
		}
	}
	return out
}

// checkedFields reads the `enum` and `range` tags of M, a model that a custom
// directive writes (its fields have no `hap` tag), for checkTagged; errors name
// its fields after the member that holds it (prefix).
func checkedFields[M any](prefix string) []taggedField {
	var out []taggedField
	for _, f := range reflect.VisibleFields(reflect.TypeFor[M]()) {
		if t := checkTags(f, prefix+"."+dataplane.JSONName(f)); t.enum != nil || t.ranged {
			out = append(out, t)
		}
	}
	return out
}

// checkTags reads the `enum` and `range` tags of field f, named member.
func checkTags(f reflect.StructField, member string) taggedField {
	t := taggedField{index: f.Index, member: member}
	if e := f.Tag.Get("enum"); e != "" {
		t.enum = strings.Split(e, "|")
	}
	if r := f.Tag.Get("range"); r != "" {
		lo, hi, _ := strings.Cut(r, ",")
		var err1, err2 error
		t.lo, err1 = strconv.ParseInt(lo, 10, 64)
		t.hi, err2 = strconv.ParseInt(hi, 10, 64)
		if err1 != nil || err2 != nil {
			panic(fmt.Sprintf("haproxycfg: bad range tag on %s", member))
		}
		t.ranged = true
	}
	return t
}

var kindTypes = map[string]reflect.Type{
	"switch": reflect.TypeFor[string](), "word": reflect.TypeFor[string](), "name": reflect.TypeFor[string](),
	"text": reflect.TypeFor[string](), "line": reflect.TypeFor[string](), "file": reflect.TypeFor[string](), "flag": reflect.TypeFor[bool](),
	"int": reflect.TypeFor[*int64](), "time": reflect.TypeFor[*int64](), "seconds": reflect.TypeFor[*int64](),
	"list": reflect.TypeFor[[]string](), "files": reflect.TypeFor[[]string](), "lines": reflect.TypeFor[[]string](), "size": reflect.TypeFor[*int64](),
	"idvalue": reflect.TypeFor[*dataplane.IDValue](), "onoff": reflect.TypeFor[string](), "bytes": reflect.TypeFor[*int64](),
}

// fieldOf returns the address of the field at index in an M.
func fieldOf[T, M any](index []int) func(*M) *T {
	return func(m *M) *T { return reflect.ValueOf(m).Elem().FieldByIndex(index).Addr().Interface().(*T) }
}

// tagged is what M's tags declare as keyword params of a line, in field order,
// and the fields to check.
type tagged[M any] struct {
	paramSet[M]
	fields []taggedField
}

// tagsOf reads M's tags as the keyword params of a line; others are the
// arguments of the keywords of its lines that M does not model.
func tagsOf[M any](others map[string]int) tagged[M] {
	t := tagged[M]{fields: taggedFields[M](false)}
	var table []param[M]
	rows := map[string]int{}
	args := map[int][]paramArg[M]{} // by row, in the order of their n
	for k, f := range t.fields {
		if f.arg == 0 {
			rows[f.keywords[0]], t.fields[k].row = len(table), len(table)
			table = append(table, paramOf[M](f))
		}
	}
	for k, f := range t.fields {
		if f.arg > 0 {
			r := rows[f.keywords[0]]
			t.fields[k].row = r
			args[r] = append(args[r], argOf[M](f))
			if len(args[r]) != f.arg {
				panic(fmt.Sprintf("haproxycfg: argument %s is not the next of %s", f.member, f.keywords[0]))
			}
		}
	}
	for r, a := range args {
		table[r] = withArgs(table[r], a)
	}
	t.paramSet = newParamSet(table, others)
	return t
}

// argOf is the parenthesised argument field f is.
func argOf[M any](f taggedField) paramArg[M] {
	switch f.kind {
	case "int":
		return numberArg(fieldOf[*int64, M](f.index), parseInt, formatInt)
	case "size":
		return numberArg(fieldOf[*int64, M](f.index), parseKilobytes, formatKilobytes)
	}
	panic(fmt.Sprintf("haproxycfg: kind %q of %s is no argument kind", f.kind, f.member))
}

func paramOf[M any](f taggedField) param[M] {
	k := f.keywords
	switch f.kind {
	case "switch":
		off := ""
		if len(k) > 1 {
			off = k[1]
		}
		return switchParam(fieldOf[string, M](f.index), k[0], off)
	case "flag":
		return boolParam(fieldOf[bool, M](f.index), k[0])
	case "word":
		return wordParam(fieldOf[string, M](f.index), k[0])
	case "text":
		return valueParam(fieldOf[string, M](f.index), k[0])
	case "file":
		return fileParam(fieldOf[string, M](f.index), k[0])
	case "int":
		return intParam(fieldOf[*int64, M](f.index), k[0])
	case "time":
		return timeParam(fieldOf[*int64, M](f.index), k[0])
	case "size":
		return numberParam(fieldOf[*int64, M](f.index), k[0], parseKilobytes, formatKilobytes)
	case "list":
		return listParam(fieldOf[[]string, M](f.index), k[0])
	case "files":
		return filesParam(fieldOf[[]string, M](f.index), k[0])
	case "idvalue":
		return idValueParam(fieldOf[*dataplane.IDValue, M](f.index), k[0])
	}
	panic(fmt.Sprintf("haproxycfg: kind %q of %s is no param kind", f.kind, f.member))
}

// taggedSection is what M's tags declare as single-line settings of a section:
// its directives, in field order, and the fields to check.
type taggedSection[M any] struct {
	table  []directive[M]
	fields []taggedField
}

// sectionTagsOf reads M's tags as the settings of a section.
func sectionTagsOf[M any]() taggedSection[M] {
	t := taggedSection[M]{fields: taggedFields[M](true)}
	for k, f := range t.fields {
		t.fields[k].row = k
		t.table = append(t.table, directiveOf[M](f))
	}
	return t
}

func directiveOf[M any](f taggedField) directive[M] {
	if len(f.keywords) > 1 {
		panic(fmt.Sprintf("haproxycfg: section setting %s has a negation; a switch is `no <keyword>`", f.member))
	}
	words := strings.Fields(f.keywords[0])
	switch f.kind {
	case "switch":
		return switchDirective(fieldOf[string, M](f.index), words...)
	case "flag":
		return flagDirective(fieldOf[bool, M](f.index), words...)
	case "word", "name":
		return valueDirective(fieldOf[string, M](f.index), words...)
	case "text", "file":
		return textDirective(fieldOf[string, M](f.index), words...)
	case "line":
		return lineDirective(fieldOf[string, M](f.index), words...)
	case "lines":
		n := len(words)
		return linesDirective(fieldOf[[]string, M](f.index), words[0],
			func(w []string) bool { return len(w) > n && isWords(w, words...) },
			func(l *Line) string { return rawFrom(l, n) },
			func(v *string) []string { return append(slices.Clone(words), *v) })
	case "int":
		return numberDirective(fieldOf[*int64, M](f.index), parseInt, formatInt, words...)
	case "time":
		return numberDirective(fieldOf[*int64, M](f.index), parseTime, formatTime, words...)
	case "seconds":
		return numberDirective(fieldOf[*int64, M](f.index), parseSeconds, formatTime, words...)
	case "size":
		return numberDirective(fieldOf[*int64, M](f.index), parseKilobytes, formatKilobytes, words...)
	case "list":
		return listDirective(fieldOf[[]string, M](f.index), words...)
	case "onoff":
		return onoffDirective(fieldOf[string, M](f.index), words...)
	case "bytes":
		return numberDirective(fieldOf[*int64, M](f.index), parseSize, formatInt, words...)
	}
	panic(fmt.Sprintf("haproxycfg: kind %q of %s is no section setting kind", f.kind, f.member))
}

// check checks the enums, ranges and names M's tags declare.
func (t tagged[M]) check(m *M) error { return checkTagged(t.fields, m) }

// check checks the enums, ranges and names M's tags declare.
func (t taggedSection[M]) check(m *M) error { return checkTagged(t.fields, m) }

func checkTagged[M any](fields []taggedField, m *M) error {
	if m == nil {
		return nil
	}
	v := reflect.ValueOf(m).Elem()
	for _, f := range fields {
		if f.head != nil && !v.FieldByIndex(f.index).IsZero() && v.FieldByIndex(f.head.index).IsZero() {
			return &FieldError{f.member, "needs " + f.head.member + ", whose value carries it"}
		}
		switch x := v.FieldByIndex(f.index).Interface().(type) {
		case string:
			if f.kind == "name" {
				if err := checkOptionalName(f.member, x); err != nil {
					return err
				}
			}
			if f.enum != nil {
				if err := checkOneOf(f.member, x, f.enum...); err != nil {
					return err
				}
			}
		case []string:
			for i, s := range x {
				if err := checkWord(fmt.Sprintf("%s[%d]", f.member, i), s); err != nil {
					return err
				}
				if f.enum == nil {
					continue
				}
				if err := checkOneOf(fmt.Sprintf("%s[%d]", f.member, i), s, f.enum...); err != nil {
					return err
				}
			}
		case *int64:
			if f.ranged {
				if err := checkRange(f.member, x, f.lo, f.hi); err != nil {
					return err
				}
			}
		case *dataplane.IDValue:
			if x == nil {
				continue
			}
			if err := firstError(checkWord(f.member+".id", x.ID), checkWord(f.member+".value", x.Value)); err != nil {
				return err
			}
			if strings.ContainsAny(x.ID, "() \t") {
				return &FieldError{f.member + ".id", "must be one word without parentheses: it is written inside them"}
			}
		}
	}
	return nil
}

// sectionFiles are the settings of frontends, backends and global whose value names a
// file, by the words their lines start with (see files.go).
var sectionFiles = func() [][]string {
	var out [][]string
	for _, f := range slices.Concat(frontendSettings.fields, backendSettings.fields, globalFields) {
		if f.kind == "file" {
			out = append(out, strings.Fields(f.keywords[0]))
		}
	}
	return out
}()
