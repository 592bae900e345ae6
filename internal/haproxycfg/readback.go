package haproxycfg

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Every model a view writes passes two generic checks, by reflection over its
// fields, so that no field can be forgotten:
//
//   - checkStrings: no string holds a newline or another control character, so no
//     value can add a line or hide bytes in one;
//   - readBack: the lines written for the model read back as the model. A value
//     that HAProxy would read differently from what the model says (a '#' that
//     turns the rest of the line into a comment, a blank that splits one value in
//     two, a quote left open, a word that ends the arguments early such as `if`)
//     is refused, naming its field, before anything is written;
//   - checkEnv: no value HAProxy would replace with an environment variable, so
//     that a client cannot read the agent's environment through what HAProxy
//     serves or says. A value the object already holds in the file is kept: the
//     operator wrote it;
//   - checkFiles (files.go): no file outside the directories the operator
//     allows, kept the same way.

// leaf is one string, number or bool of a model, named by its JSON path, such as
// "balance.hdr_name" or "cookie.domain[1]". pointed marks a value behind a pointer,
// which is set even when zero (weight 0).
type leaf struct {
	path    string
	value   reflect.Value
	pointed bool
}

// metadataType is the type of metadata, which is one leaf: its members are no
// line's words (see metadata.go), unlike the members of the other maps, the
// named children of a full section.
var metadataType = reflect.TypeFor[dataplane.Metadata]()

// unset tells whether the leaf says nothing. Metadata is one leaf: nil and {}
// say nothing.
func (l leaf) unset() bool {
	if l.value.Kind() == reflect.Map {
		return l.value.Len() == 0
	}
	return !l.pointed && l.value.IsZero()
}

// same tells whether two leaves say the same; metadata compares as JSON.
func (l leaf) same(o leaf) bool {
	if l.value.Kind() == reflect.Map && o.value.Kind() == reflect.Map {
		a, _ := l.value.Interface().(dataplane.Metadata)
		b, _ := o.value.Interface().(dataplane.Metadata)
		return sameMetadata(a, b)
	}
	return o.value.Equal(l.value) && o.pointed == l.pointed
}

// leaves lists the leaves of v in field order. Unset pointers have none.
func leaves(v reflect.Value, path string, out []leaf) []leaf {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			n := len(out)
			out = leaves(v.Elem(), path, out)
			if v.Elem().Kind() != reflect.Struct {
				for i := n; i < len(out); i++ {
					out[i].pointed = true
				}
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			out = leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map: // named children, keyed by name, in name order
		if v.Type() == metadataType {
			out = append(out, leaf{path: path, value: v})
			break
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			out = leaves(v.MapIndex(k), path+"."+k.String(), out)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name := dataplane.JSONName(f)
			sub := path
			switch {
			case f.Anonymous || name == "":
			case path == "":
				sub = name
			default:
				sub = path + "." + name
			}
			out = leaves(v.Field(i), sub, out)
		}
	default:
		out = append(out, leaf{path: path, value: v})
	}
	return out
}

// checkStrings runs checkText over every string a model holds, naming each by its
// JSON field: nothing with a newline or control character reaches a line.
func checkStrings(v any) error {
	if !anyString(reflect.ValueOf(v), hasControl) {
		return nil // the common case, without naming every leaf (a 10,000-item list)
	}
	for _, l := range leaves(reflect.ValueOf(v), "", nil) {
		if l.value.Kind() == reflect.String {
			if err := checkText(l.path, l.value.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

// anyString tells whether a string in v, as leaves walks it, satisfies bad.
func anyString(v reflect.Value, bad func(string) bool) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return !v.IsNil() && anyString(v.Elem(), bad)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if anyString(v.Index(i), bad) {
				return true
			}
		}
	case reflect.Map:
		if v.Type() == metadataType { // checked as the comment it makes (metadata.go)
			return false
		}
		for it := v.MapRange(); it.Next(); {
			if bad(it.Key().String()) || anyString(it.Value(), bad) {
				return true
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if anyString(v.Field(i), bad) {
				return true
			}
		}
	case reflect.String:
		return bad(v.String())
	}
	return false
}

// hasControl tells whether s holds a byte checkText refuses.
func hasControl(s string) bool { return checkText("", s) != nil }

// written is what the lines a view writes for a model say: the model read back
// from them, and what HAProxy's tokenizer would refuse in them ("" when nothing).
type written[M any] struct {
	model   M
	problem string
	// files lists the files the object's lines name after the write; only the
	// file check needs them, so they are found on demand.
	files func() []string
}

// readBack checks that the lines write makes for m read back as m. When they do
// not, it finds the field to blame: the one whose value, replaced by a plain word,
// makes the lines read back right (a '#' in redir_option cuts the condition after
// it, and it is redir_option that is wrong, not cond). Only when no single field is
// to blame is the first field that reads back differently named.
// It also runs checkEnv and checkFiles: a write from the API is checked by
// readBack or readBackKeeping, never by readsBack alone.
func readBack[M any](c *Config, m *M, write func(*M) written[M]) error {
	return readBackKeeping(c, m, nil, write)
}

// readBackKeeping is readBack for a write that replaces old (nil for a new
// object), whose values may stay as the file has them.
func readBackKeeping[M any](c *Config, m, old *M, write func(*M) written[M]) error {
	w := write(m)
	return firstError(checkEnv(m, old), readsBackAs(m, w, write), checkFiles(c, m, w, old, write))
}

// readsBack is the read-back check alone.
func readsBack[M any](m *M, write func(*M) written[M]) error { return readsBackAs(m, write(m), write) }

// readsBackAs is readsBack for the lines w that write made for m.
func readsBackAs[M any](m *M, w written[M], write func(*M) written[M]) error {
	if w.problem == "" && reflect.DeepEqual(*m, w.model) {
		return nil
	}
	diffs := differences(reflect.ValueOf(m).Elem(), reflect.ValueOf(&w.model).Elem())
	if len(diffs) == 0 && w.problem == "" {
		return nil
	}
	for k, l := range leaves(reflect.ValueOf(m), "", nil) {
		if l.value.Kind() != reflect.String || l.value.String() == "" {
			continue
		}
		probe := deepCopy(reflect.ValueOf(m).Elem())
		leaves(probe.Addr(), "", nil)[k].value.SetString("x")
		p := probe.Addr().Interface().(*M)
		if pw := write(p); pw.problem == "" && len(differences(probe, reflect.ValueOf(&pw.model).Elem())) == 0 {
			return notReadBack(l.path, l.value.String(), w, diffs)
		}
	}
	if len(diffs) > 0 {
		return notReadBack(diffs[0].path, fmt.Sprint(diffs[0].want), w, diffs)
	}
	for _, l := range leaves(reflect.ValueOf(m), "", nil) {
		if l.value.Kind() != reflect.String {
			continue
		}
		if _, _, problem, _ := scan(l.value.String()); problem != "" {
			return notReadBack(l.path, l.value.String(), w, diffs)
		}
	}
	return &readBackError{FieldError{"", "HAProxy would refuse the line: " + w.problem}}
}

// checkEnv refuses a string of m that HAProxy would expand from the environment,
// unless old (nil for none) holds the same value in the same field. HAProxy
// expands an unescaped '$' inside double quotes in any word, and any '$' in an
// address, quoted or not (its address parser expands `$NAME` and `${NAME}` once
// more, checked with haproxy 2.6).
func checkEnv[M any](m, old *M) error {
	kept := map[string]string{}
	if old != nil {
		for _, l := range leaves(reflect.ValueOf(old), "", nil) {
			if l.value.Kind() == reflect.String {
				kept[l.path] = l.value.String()
			}
		}
	}
	for _, l := range leaves(reflect.ValueOf(m), "", nil) {
		if l.value.Kind() != reflect.String {
			continue
		}
		v := l.value.String()
		was, ok := kept[l.path]
		switch {
		case ok && was == v:
		case isAddress(l.path) && strings.Contains(v, "$"):
			return &readBackError{FieldError{l.path, fmt.Sprintf("%q has a '$', which HAProxy replaces with an environment variable in an address, quoted or not; "+
				"values from the API never read the agent's environment", v)}}
		case expandsEnv(v):
			return &readBackError{FieldError{l.path, fmt.Sprintf("%q would be replaced with an environment variable by HAProxy; %s", v, envAdvice)}}
		}
	}
	return nil
}

// isAddress tells whether a model's field is an address, which HAProxy reads
// with its address parser.
func isAddress(path string) bool {
	return path == "address" || path == "source.address" || path == "source.address_second"
}

// notReadBack is the error for a field whose value would not read back.
func notReadBack[M any](path, value string, w written[M], diffs []difference) error {
	const how = `give the value as it would stand in haproxy.cfg: in double quotes when it has blanks, '#', ` +
		`or words such as "if" that end a line's arguments ("a b"), with '"' and '\' escaped inside them (\", \\)`
	reason := ""
	switch {
	case w.problem != "":
		reason = fmt.Sprintf("%q makes a line HAProxy refuses (%s); %s", value, w.problem, how)
	default:
		for _, d := range diffs {
			if d.path == path {
				if d.got == nil {
					reason = fmt.Sprintf("%q would not be written: the line has no place for it with the other fields (check type)", value)
				} else {
					reason = fmt.Sprintf("%q would be read back as %q; %s", value, fmt.Sprint(d.got), how)
				}
			}
		}
		if reason == "" {
			reason = fmt.Sprintf("%q changes how HAProxy reads the rest of the line (it would read %s as %v); %s",
				value, diffs[0].path, display(diffs[0].got), how)
		}
	}
	return &readBackError{FieldError{path, reason}}
}

// readBackError is the FieldError of a value that would not read back as written:
// it is ErrInvalid and ErrReadBack.
type readBackError struct{ FieldError }

func (e *readBackError) Unwrap() []error { return []error{&e.FieldError, ErrReadBack} }

func display(v any) string {
	if v == nil {
		return "unset"
	}
	return fmt.Sprintf("%q", fmt.Sprint(v))
}

// difference is a leaf where two models differ; got is nil when b lacks it.
type difference struct {
	path      string
	want, got any
}

// differences lists where b says something other than a, in field order. An unset
// pointer and a pointer to a zero value, a nil and an empty slice, say the same.
func differences(a, b reflect.Value) []difference {
	var out []difference
	bs := map[string]leaf{}
	for _, l := range leaves(b, "", nil) {
		bs[l.path] = l
	}
	seen := map[string]bool{}
	for _, l := range leaves(a, "", nil) {
		seen[l.path] = true
		other, ok := bs[l.path]
		switch {
		case ok && other.same(l):
		case l.value.Type() == metadataType && l.value.IsNil(): // unset metadata keeps any comment
		case (!ok || other.unset()) && l.unset():
		case !ok || other.unset():
			out = append(out, difference{l.path, l.value.Interface(), nil})
		default:
			out = append(out, difference{l.path, l.value.Interface(), other.value.Interface()})
		}
	}
	for _, l := range leaves(b, "", nil) {
		if !seen[l.path] && !l.unset() {
			out = append(out, difference{l.path, nil, l.value.Interface()})
		}
	}
	return out
}

// deepCopy copies a model, pointers and slices included, so that a probe can
// change it.
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			c.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		for i := 0; i < v.NumField(); i++ {
			c.Field(i).Set(deepCopy(v.Field(i)))
		}
		return c
	}
	return v
}

// lineProblem is what HAProxy's tokenizer would refuse in a line, "" when nothing.
func lineProblem(l *Line) string {
	tokens, _, problem, _ := scan(l.content())
	if problem == "" && len(tokens) > MaxLineWords {
		problem = fmt.Sprintf("HAProxy reads at most %d words on a line, this one has %d", MaxLineWords, len(tokens))
	}
	return problem
}
