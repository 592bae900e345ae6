package haproxycfg

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The keyword params of server, default-server and bind lines are declared on the
// models, one struct tag per field, and read here once at start into the tables
// readParams and writeParams walk and into the checks every value passes:
//
//	hap:"<keyword>[|<negation>],<kind>"  enum:"<a>|<b>"  range:"<lo>,<hi>"
//
// The kinds, by the Go type they hold:
//
//	switch  string "enabled"/"disabled": the keyword or its negation (check / no-check);
//	        with no negation, only "enabled"
//	flag    bool: the keyword is there (`ssl`); a keyword of two words (`expose-fd
//	        listeners`) takes its second word as its argument
//	word    string: one plain word, read as HAProxy reads it (a name, an enum)
//	text    string: one value, as spelled (an expression, a cipher list)
//	file    string: one value, as spelled, that names a file (see files.go)
//	int     *int64
//	time    *int64 milliseconds, written as HAProxy times ("5s")
//	list    []string, written comma-separated (proxy-v2-options)

// taggedField is one field with a `hap` tag.
type taggedField struct {
	index    []int
	member   string   // its JSON member, which names it in errors
	keywords []string // the keyword, then its negation for a switch
	kind     string
	enum     []string
	lo, hi   int64
	ranged   bool
}

// taggedFields reads the tags of M, embedded structs included; a malformed tag
// panics at start-up, where a test sees it.
func taggedFields[M any]() []taggedField {
	var out []taggedField
	for _, f := range reflect.VisibleFields(reflect.TypeFor[M]()) {
		tag, ok := f.Tag.Lookup("hap")
		if !ok {
			continue
		}
		words, kind, _ := strings.Cut(tag, ",")
		t := taggedField{index: f.Index, member: dataplane.JSONName(f), keywords: strings.Split(words, "|"), kind: kind}
		if e := f.Tag.Get("enum"); e != "" {
			t.enum = strings.Split(e, "|")
		}
		if kind == "switch" {
			t.enum = dataplane.Switch[:len(t.keywords)]
		}
		if r := f.Tag.Get("range"); r != "" {
			lo, hi, _ := strings.Cut(r, ",")
			var err1, err2 error
			t.lo, err1 = strconv.ParseInt(lo, 10, 64)
			t.hi, err2 = strconv.ParseInt(hi, 10, 64)
			if err1 != nil || err2 != nil {
				panic(fmt.Sprintf("haproxycfg: bad range tag on %s", t.member))
			}
			t.ranged = true
		}
		if want := kindTypes[kind]; want == nil || f.Type != want {
			panic(fmt.Sprintf("haproxycfg: field %s of kind %q cannot be a %s", t.member, kind, f.Type))
		}
		out = append(out, t)
	}
	return out
}

var kindTypes = map[string]reflect.Type{
	"switch": reflect.TypeFor[string](), "word": reflect.TypeFor[string](), "text": reflect.TypeFor[string](), "file": reflect.TypeFor[string](),
	"flag": reflect.TypeFor[bool](), "int": reflect.TypeFor[*int64](), "time": reflect.TypeFor[*int64](),
	"list": reflect.TypeFor[[]string](),
}

// fieldOf returns the address of the field at index in an M.
func fieldOf[T, M any](index []int) func(*M) *T {
	return func(m *M) *T { return reflect.ValueOf(m).Elem().FieldByIndex(index).Addr().Interface().(*T) }
}

// tagged is what M's tags declare: its keyword params, in field order, and the
// fields to check.
type tagged[M any] struct {
	paramSet[M]
	fields []taggedField
}

// tagsOf reads M's tags; others are the arguments of the keywords of its lines
// that M does not model.
func tagsOf[M any](others map[string]int) tagged[M] {
	t := tagged[M]{fields: taggedFields[M]()}
	var table []param[M]
	for _, f := range t.fields {
		k := f.keywords
		var p param[M]
		switch f.kind {
		case "switch":
			off := ""
			if len(k) > 1 {
				off = k[1]
			}
			p = switchParam(fieldOf[string, M](f.index), k[0], off)
		case "flag":
			p = boolParam(fieldOf[bool, M](f.index), k[0])
		case "word":
			p = wordParam(fieldOf[string, M](f.index), k[0])
		case "text":
			p = valueParam(fieldOf[string, M](f.index), k[0])
		case "file":
			p = fileParam(fieldOf[string, M](f.index), k[0])
		case "int":
			p = intParam(fieldOf[*int64, M](f.index), k[0])
		case "time":
			p = timeParam(fieldOf[*int64, M](f.index), k[0])
		case "list":
			p = listParam(fieldOf[[]string, M](f.index), k[0])
		}
		table = append(table, p)
	}
	t.paramSet = newParamSet(table, others)
	return t
}

// check checks the enums and ranges M's tags declare.
func (t tagged[M]) check(m *M) error {
	v := reflect.ValueOf(m).Elem()
	for _, f := range t.fields {
		switch x := v.FieldByIndex(f.index).Interface().(type) {
		case string:
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
		}
	}
	return nil
}
