package haproxycfg

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The actions of rule lines (http-request, and the other rule lists that share
// their actions) are tables: one row per action, naming the words of its line
// and the model field, by JSON member, each is read into. A row is data, bound
// to a model type once at start (bindActions), so that the rules of another
// list whose model has the same members reuse the rows as they are.
//
// A rule line is `<keyword...> <head> <args...> [if|unless <condition>]`. The
// head is the action word, a template where values stand in braces:
// `set-var({var_scope}.{var_name})`, `track-sc{track_sc_stick_counter}`,
// `lua.{lua_action}`; a part in brackets is written only when its values are
// set, `do-resolve({var_name},{resolvers}[,{protocol}])`; `{acl_file:file}`
// names a file. The arguments are positional ones first, in order, then keyed
// ones in any order (`deny_status <n>`, `table <t>`), as HAProxy reads them.

// argKind is how an argument is read and written.
type argKind uint8

const (
	argWord      argKind = iota // one word as HAProxy reads it: names, numbers as text, fixed lists
	argText                     // one word as spelled: formats, expressions, regexes
	argFile                     // one word as spelled that names a file HAProxy reads (files.go)
	argInt                      // an integer: int64, or *int64 where unset differs from 0
	argTime                     // *int64 milliseconds, written as a HAProxy time
	argSize                     // *int64 bytes, read as a HAProxy size ("1k")
	argRest                     // the words up to the condition, as spelled with the blanks between them
	argFlag                     // bool: the key alone
	argIntOrText                // an integer into field, else one word as spelled into value
	argChoice                   // the key itself into field, the word after it (as spelled) into value
	argHeaders                  // repeated `<key> <name> <fmt>` into []dataplane.ReturnHeader
	argOthers                   // the words no other argument reads, as spelled; runs joined by a blank
	argTail                     // argChoice whose value is the rest of the words to the condition, as spelled
	argLiteral                  // a fixed word of the action, in no field: `expect-proxy layer4`
)

// actionArg is one argument of an action.
type actionArg struct {
	keys     []string // nil: positional; else the words that introduce it, the first one written
	field    string   // the JSON member it is read into
	value    string   // argChoice, argIntOrText: the member the value goes to
	kind     argKind
	optional bool     // a positional argument that may be missing
	required bool     // a keyed argument that must be there
	bare     []string // argChoice: keys without a value
	files    []string // argChoice: keys whose value names a file
	literal  string   // argLiteral: the word
}

func pos(field string, kind argKind) actionArg { return actionArg{field: field, kind: kind} }
func opt(field string, kind argKind) actionArg {
	return actionArg{field: field, kind: kind, optional: true}
}

// key is a keyed argument; keys is "deny_status|status" for aliases.
func key(keys, field string, kind argKind) actionArg {
	return actionArg{keys: strings.Split(keys, "|"), field: field, kind: kind}
}

func flag(k, field string) actionArg { return key(k, field, argFlag) }

// lit is a positional fixed word. A line with another word there is read as
// the action unread, as for a head value that is no number where one must be.
func lit(word string) actionArg { return actionArg{kind: argLiteral, literal: word} }

func required(a actionArg) actionArg { a.required = true; return a }

// keyArgs is how many words follow the key k of a.
func (a *actionArg) keyArgs(k string) int {
	switch a.kind {
	case argFlag:
		return 0
	case argChoice, argTail:
		if slices.Contains(a.bare, k) {
			return 0
		}
		return 1
	case argHeaders:
		return 2
	}
	return 1
}

// action is one row: the type it is in the model and its words.
type action struct {
	name string
	head string // "" for the name itself
	args []actionArg
	// compiled at start
	headRe     *regexp.Regexp
	headFields []headField
	positional []*actionArg
	byKey      map[string]*actionArg
	others     *actionArg
}

// headField is one value in braces in the head; optional when in brackets.
type headField struct {
	field    string
	file     bool
	optional bool
}

// actionTable is a list's actions, compiled once.
type actionTable struct {
	rows      []*action
	byName    map[string]*action // by type
	plain     map[string]*action // by head, for heads without values
	templated []*action
	// unconditional: the lines take no `if`/`unless` (http-error): their
	// arguments run to the end of the line, and the model has no cond.
	unconditional bool
}

// withoutConditions makes t the table of lines that take no `if`/`unless`.
func (t *actionTable) withoutConditions() *actionTable {
	t.unconditional = true
	return t
}

var headPart = regexp.MustCompile(`\{([a-z_-]+)(:file)?\}|\[|\]|[^{}\[\]]+`)

func newActionTable(rows ...action) *actionTable {
	t := &actionTable{byName: map[string]*action{}, plain: map[string]*action{}}
	for i := range rows {
		a := &rows[i]
		if _, twice := t.byName[a.name]; twice {
			panic("haproxycfg: action " + a.name + " is in two rows")
		}
		t.byName[a.name] = a
		t.rows = append(t.rows, a)
		a.byKey = map[string]*actionArg{}
		for k := range a.args {
			arg := &a.args[k]
			switch {
			case arg.kind == argOthers:
				a.others = arg
			case arg.keys == nil:
				a.positional = append(a.positional, arg)
			}
			for _, kw := range arg.keys {
				a.byKey[kw] = arg
			}
		}
		if a.head == "" {
			t.plain[a.name] = a
			continue
		}
		re, optional := "^", false
		for _, m := range headPart.FindAllStringSubmatch(a.head, -1) {
			switch {
			case m[0] == "[":
				re, optional = re+"(?:", true
			case m[0] == "]":
				re, optional = re+")?", false
			case m[1] != "":
				re += "(.+?)"
				a.headFields = append(a.headFields, headField{field: m[1], file: m[2] != "", optional: optional})
			default:
				re += regexp.QuoteMeta(m[0])
			}
		}
		a.headRe = regexp.MustCompile(re + "$")
		t.templated = append(t.templated, a)
	}
	return t
}

// match finds the row of an action word, and the values of its head.
func (t *actionTable) match(word string) (*action, []string) {
	if a, ok := t.plain[word]; ok {
		return a, nil
	}
	for _, a := range t.templated {
		if m := a.headRe.FindStringSubmatch(word); m != nil {
			return a, m[1:]
		}
	}
	return nil, nil
}

// argHit is one argument found on a line: words[i:j], key included.
type argHit struct {
	arg  *actionArg
	key  string
	i, j int
}

// scan finds a's arguments in words[from:end]: the positional ones in order,
// then keyed ones in any order; the other words are argOthers' hits.
func (a *action) scan(words []string, from, end int) []argHit {
	var hits []argHit
	i := from
	for _, p := range a.positional {
		if i >= end {
			break
		}
		j := i + 1
		if p.kind == argRest {
			j = end
		}
		hits = append(hits, argHit{p, "", i, j})
		i = j
	}
	for i < end {
		arg, ok := a.byKey[words[i]]
		if ok && i+1+arg.keyArgs(words[i]) <= end {
			j := i + 1 + arg.keyArgs(words[i])
			if arg.kind == argTail {
				j = end
			}
			hits = append(hits, argHit{arg, words[i], i, j})
			i = j
			continue
		}
		if a.others != nil {
			if n := len(hits); n > 0 && hits[n-1].arg == a.others && hits[n-1].j == i {
				hits[n-1].j++
			} else {
				hits = append(hits, argHit{a.others, "", i, i + 1})
			}
		}
		i++
	}
	return hits
}

// end is where the arguments of the rule words[from:] end (from is the action
// word): at its condition, if it may have one.
func (t *actionTable) end(words []string, from int) int {
	if !t.unconditional {
		if i := slices.IndexFunc(words[from+1:], func(w string) bool { return w == "if" || w == "unless" }); i >= 0 {
			return from + 1 + i
		}
	}
	return len(words)
}

// files are the files the rule words[from:] names, as HAProxy reads them: from
// is the action word.
func (t *actionTable) files(words []string, from int) []string {
	if from >= len(words) {
		return nil
	}
	a, head := t.match(words[from])
	if a == nil {
		return nil
	}
	var out []string
	for k, h := range a.headFields {
		if h.file && head[k] != "" {
			out = append(out, head[k])
		}
	}
	for _, h := range a.scan(words, from+1, t.end(words, from)) {
		if h.arg.kind == argFile || h.arg.kind == argChoice && slices.Contains(h.arg.files, h.key) && h.j > h.i+1 {
			out = append(out, words[h.j-1])
		}
	}
	return out
}

// boundActions is an action table bound to the model M: the field of each
// member the rows name.
type boundActions[M any] struct {
	*actionTable
	index map[string][]int  // by the rows' member
	json  map[string]string // the model's member for the rows', where they differ
}

var argTypes = map[argKind][]reflect.Type{
	argWord: {reflect.TypeFor[string]()}, argText: {reflect.TypeFor[string]()}, argFile: {reflect.TypeFor[string]()},
	argRest: {reflect.TypeFor[string]()}, argOthers: {reflect.TypeFor[string]()}, argChoice: {reflect.TypeFor[string]()},
	argTail: {reflect.TypeFor[string]()},
	argInt:  {reflect.TypeFor[int64](), reflect.TypeFor[*int64]()},
	argTime: {reflect.TypeFor[*int64]()}, argSize: {reflect.TypeFor[*int64]()},
	argFlag: {reflect.TypeFor[bool]()}, argIntOrText: {reflect.TypeFor[*int64]()},
	argHeaders: {reflect.TypeFor[[]dataplane.ReturnHeader]()},
}

// bindActions binds t to M's fields by JSON member. The rows name members as
// http_request_rule does, the action included ("type"); renames gives M's
// member where it calls one otherwise (tcp_request_rule's "action",
// "track_key"...). A member M lacks, or of another type than its kind reads,
// panics at start, where a test sees it. A model without cond (http_check,
// tcp_check) has lines without a condition: `if` is a word like another there.
func bindActions[M any](t *actionTable, renames map[string]string) boundActions[M] {
	b := boundActions[M]{actionTable: t, index: map[string][]int{}, json: renames}
	byJSON := map[string][]int{}
	for _, f := range reflect.VisibleFields(reflect.TypeFor[M]()) {
		if name := dataplane.JSONName(f); name != "" {
			byJSON[name] = f.Index
		}
	}
	typ := func(member string) reflect.Type {
		i, ok := byJSON[b.member(member)]
		if !ok {
			panic(fmt.Sprintf("haproxycfg: %s has no member %q", reflect.TypeFor[M]().Name(), b.member(member)))
		}
		b.index[member] = i
		return reflect.TypeFor[M]().FieldByIndex(i).Type
	}
	for _, a := range t.rows {
		for _, h := range a.headFields {
			if ft := typ(h.field); ft.Kind() != reflect.String && ft != reflect.TypeFor[int64]() && ft != reflect.TypeFor[*int64]() {
				panic(fmt.Sprintf("haproxycfg: head value %s of %s cannot be a %s", h.field, a.name, ft))
			}
		}
		for _, arg := range a.args {
			if arg.kind == argLiteral {
				continue
			}
			if ft := typ(arg.field); !slices.Contains(argTypes[arg.kind], ft) {
				panic(fmt.Sprintf("haproxycfg: argument %s of %s cannot be a %s", arg.field, a.name, ft))
			}
			if arg.value != "" && typ(arg.value) != reflect.TypeFor[string]() {
				panic(fmt.Sprintf("haproxycfg: value %s of %s must be a string", arg.value, a.name))
			}
		}
	}
	conds := []string{"cond", "cond_test"}
	if _, has := byJSON[b.member("cond")]; has == t.unconditional {
		panic(fmt.Sprintf("haproxycfg: %s has cond: %v, but its table's lines take a condition: %v", reflect.TypeFor[M]().Name(), has, !t.unconditional))
	}
	if t.unconditional {
		conds = nil
	}
	for _, m := range append([]string{"type"}, conds...) {
		if typ(m) != reflect.TypeFor[string]() {
			panic(fmt.Sprintf("haproxycfg: %s must be a string", m))
		}
	}
	return b
}

// member is M's JSON member for the rows' member m, which names it in errors.
func (b boundActions[M]) member(m string) string {
	if r, ok := b.json[m]; ok {
		return r
	}
	return m
}

func (b boundActions[M]) field(v reflect.Value, member string) reflect.Value {
	return v.FieldByIndex(b.index[member])
}

// read reads the rule words l.words[from:]: from is the action word.
func (b boundActions[M]) read(l *Line, from int) M {
	var m M
	v := reflect.ValueOf(&m).Elem()
	if from >= len(l.words) {
		return m
	}
	end := b.end(l.words, from)
	if !b.unconditional {
		_, cond, test := condition(l, from+1)
		b.field(v, "cond").SetString(cond)
		b.field(v, "cond_test").SetString(test)
	}
	word := l.words[from]
	b.field(v, "type").SetString(word)
	a, head := b.match(word)
	if a == nil {
		return m
	}
	for k, h := range a.headFields {
		if _, ok := parseInt(head[k]); head[k] != "" && b.field(v, h.field).Kind() != reflect.String && !ok {
			return m // not a number where one must be: the action as written, unread
		}
	}
	hits := a.scan(l.words, from+1, end)
	for _, h := range hits {
		if h.arg.kind == argLiteral && l.words[h.i] != h.arg.literal {
			return m
		}
	}
	for k, h := range a.headFields {
		setValue(b.field(v, h.field), head[k])
	}
	b.field(v, "type").SetString(a.name)
	for _, h := range hits {
		if h.arg.kind == argLiteral {
			continue
		}
		f := b.field(v, h.arg.field)
		vi := h.i // the value's word, after the key
		if h.key != "" {
			vi++
		}
		switch h.arg.kind {
		case argWord:
			f.SetString(l.words[vi])
		case argText, argFile:
			f.SetString(l.spell(vi))
		case argRest:
			f.SetString(rawRange(l, vi, h.j))
		case argOthers:
			if s := f.String(); s != "" {
				f.SetString(s + " " + rawRange(l, h.i, h.j))
			} else {
				f.SetString(rawRange(l, h.i, h.j))
			}
		case argInt:
			setValue(f, l.words[vi])
		case argTime, argSize:
			parse := parseTime
			if h.arg.kind == argSize {
				parse = parseSize
			}
			if n, ok := parse(l.words[vi]); ok {
				f.Set(reflect.ValueOf(&n))
			}
		case argFlag:
			f.SetBool(true)
		case argIntOrText:
			if n, ok := parseInt(l.words[vi]); ok {
				f.Set(reflect.ValueOf(&n))
			} else {
				b.field(v, h.arg.value).SetString(l.spell(vi))
			}
		case argChoice:
			f.SetString(h.key)
			val := ""
			if h.j > h.i+1 {
				val = l.spell(h.i + 1)
			}
			b.field(v, h.arg.value).SetString(val)
		case argTail:
			f.SetString(h.key)
			b.field(v, h.arg.value).SetString(rawRange(l, h.i+1, h.j))
		case argHeaders:
			f.Set(reflect.Append(f, reflect.ValueOf(dataplane.ReturnHeader{Name: l.spell(h.i + 1), Fmt: l.spell(h.i + 2)})))
		}
	}
	return m
}

// setValue sets a string, int64 or *int64 field from a word; false when it is
// no number where the field wants one.
func setValue(f reflect.Value, s string) bool {
	switch f.Kind() {
	case reflect.String:
		f.SetString(s)
		return true
	case reflect.Int64:
		n, ok := parseInt(s)
		f.SetInt(n)
		return ok
	default: // *int64
		n, ok := parseInt(s)
		if ok {
			f.Set(reflect.ValueOf(&n))
		}
		return ok
	}
}

// text is a string, int64 or *int64 field as written, "" when unset.
func text(f reflect.Value) string {
	switch f.Kind() {
	case reflect.String:
		return f.String()
	case reflect.Int64:
		return formatInt(f.Int())
	case reflect.Pointer:
		if !f.IsNil() {
			return formatInt(f.Elem().Int())
		}
	}
	return ""
}

// words writes m as the words of its rule after the keyword, each value as spelled.
func (b boundActions[M]) words(m *M) []string { return b.wordsLike(nil, 0, m) }

// wordsLike is words spelled like the rule old.words[from:] where m is of the
// same action: its keys' aliases (`status` for `deny_status`) and its order of
// keyed arguments (HAProxy reads them in any order) are kept.
func (b boundActions[M]) wordsLike(old *Line, from int, m *M) []string {
	v := reflect.ValueOf(m).Elem()
	typ := b.field(v, "type").String()
	a := b.byName[typ]
	var w []string
	if a == nil {
		w = []string{typ}
	} else {
		w = []string{b.head(a, v)}
		for _, arg := range a.positional {
			w = append(w, b.argWords(arg, v, "")...)
		}
		var order []*actionArg
		alias := map[*actionArg]string{}
		if old != nil && from < len(old.words) {
			if was, _ := b.match(old.words[from]); was == a {
				for _, h := range a.scan(old.words, from+1, b.end(old.words, from)) {
					if h.arg.keys == nil && h.arg.kind != argOthers || slices.Contains(order, h.arg) {
						continue
					}
					order = append(order, h.arg)
					if h.arg.kind != argChoice && h.arg.kind != argTail && h.key != "" {
						alias[h.arg] = h.key
					}
				}
			}
		}
		for k := range a.args {
			if arg := &a.args[k]; (arg.keys != nil || arg.kind == argOthers) && !slices.Contains(order, arg) {
				order = append(order, arg)
			}
		}
		for _, arg := range order {
			w = append(w, b.argWords(arg, v, alias[arg])...)
		}
	}
	if b.unconditional {
		return w
	}
	return withCondition(w, b.field(v, "cond").String(), b.field(v, "cond_test").String())
}

// head writes a's action word from the values of v.
func (b boundActions[M]) head(a *action, v reflect.Value) string {
	if a.head == "" {
		return a.name
	}
	var out strings.Builder
	k, skip := 0, false
	for _, m := range headPart.FindAllStringSubmatch(a.head, -1) {
		switch {
		case m[0] == "[":
			skip = false
			for _, h := range a.headFields[k:] {
				if !h.optional {
					break
				}
				skip = skip || text(b.field(v, h.field)) == ""
			}
		case m[0] == "]":
			skip = false
		case m[1] != "":
			if !skip {
				out.WriteString(text(b.field(v, a.headFields[k].field)))
			}
			k++
		case !skip:
			out.WriteString(m[0])
		}
	}
	return out.String()
}

// argWords writes one argument, nothing when its field is unset; its key is
// spelled as alias says ("" for the first of its keys).
func (b boundActions[M]) argWords(arg *actionArg, v reflect.Value, alias string) []string {
	if arg.kind == argLiteral {
		return []string{arg.literal}
	}
	f := b.field(v, arg.field)
	var key []string
	switch {
	case alias != "":
		key = []string{alias}
	case arg.keys != nil:
		key = arg.keys[:1]
	}
	switch arg.kind {
	case argFlag:
		if f.Bool() {
			return key
		}
	case argTime, argSize:
		if !f.IsNil() {
			s := formatInt(f.Elem().Int())
			if arg.kind == argTime {
				s = formatTime(f.Elem().Int())
			}
			return append(key, s)
		}
	case argIntOrText:
		if !f.IsNil() {
			return append(key, formatInt(f.Elem().Int()))
		}
		if s := b.field(v, arg.value).String(); s != "" {
			return append(key, s)
		}
	case argChoice, argTail:
		if k := f.String(); k != "" {
			if s := b.field(v, arg.value).String(); s != "" && !slices.Contains(arg.bare, k) {
				return []string{k, s}
			}
			return []string{k}
		}
	case argHeaders:
		var w []string
		for _, h := range f.Interface().([]dataplane.ReturnHeader) {
			w = append(w, key[0], h.Name, h.Fmt)
		}
		return w
	case argInt:
		if f.Kind() == reflect.Int64 && arg.keys != nil && f.Int() == 0 {
			return nil // a keyed plain integer is written when set
		}
		if s := text(f); s != "" {
			return append(key, s)
		}
	default:
		if s := f.String(); s != "" {
			return append(key, s)
		}
	}
	return nil
}

// checkRequired refuses m when its action lacks a value it must have: the
// positional arguments, the values of the head outside brackets, and the keyed
// arguments marked required. A type no row has is refused.
func (b boundActions[M]) checkRequired(m *M) error {
	v := reflect.ValueOf(m).Elem()
	typ := b.field(v, "type").String()
	a := b.byName[typ]
	if a == nil {
		return &FieldError{b.member("type"), fmt.Sprintf("%q is not an action of this list", typ)}
	}
	missing := func(member string) bool {
		f := b.field(v, member)
		switch f.Kind() {
		case reflect.String, reflect.Slice:
			return f.Len() == 0
		case reflect.Pointer:
			return f.IsNil()
		}
		return false
	}
	need := func(member, alt string) error {
		if missing(member) && (alt == "" || missing(alt)) {
			return &FieldError{b.member(member), "is required for " + b.member("type") + " " + typ}
		}
		return nil
	}
	for _, h := range a.headFields {
		if !h.optional {
			if err := need(h.field, ""); err != nil {
				return err
			}
		}
	}
	for _, arg := range a.args {
		if (arg.keys == nil && !arg.optional && arg.kind != argOthers && arg.kind != argLiteral) || arg.required {
			if err := need(arg.field, arg.value); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseSize reads a HAProxy size: a number of bytes, or of k, m or g (1024-based).
func parseSize(s string) (int64, bool) {
	mult := int64(1)
	if n := len(s); n > 1 {
		switch s[n-1] {
		case 'k', 'K':
			mult = 1 << 10
		case 'm', 'M':
			mult = 1 << 20
		case 'g', 'G':
			mult = 1 << 30
		}
		if mult > 1 {
			s = s[:n-1]
		}
	}
	v, ok := parseInt(s)
	return v * mult, ok && v >= 0 && v <= (1<<62)/mult
}

// checkValues checks the members of m that enums or ranges name, in the order
// of M's fields, so that the first error is always the same one.
func (b boundActions[M]) checkValues(m *M, enums map[string][]string, ranges map[string][2]int64) error {
	v := reflect.ValueOf(m).Elem()
	for _, f := range reflect.VisibleFields(v.Type()) {
		member := dataplane.JSONName(f)
		x := v.FieldByIndex(f.Index)
		if e, ok := enums[member]; ok {
			if err := checkOneOf(member, x.String(), e...); err != nil {
				return err
			}
		}
		if r, ok := ranges[member]; ok && text(x) != "" {
			n, _ := parseInt(text(x))
			if err := checkRange(member, &n, r[0], r[1]); err != nil {
				return err
			}
		}
	}
	return nil
}
