package agent

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Request bodies are read as the official server reads them, so that clients
// written against it work unchanged:
//   - a member set to null is unset;
//   - a member the official model does not define is ignored (clients send v2
//     leftovers such as "index" in list items);
//   - a member the official model defines and this agent does not model yet is
//     refused (422, naming it) unless it is empty (null, "", false, [], {} or an
//     object of empty members: the official models omit zero values too), so
//     that nothing a client asked for is silently dropped. `metadata` is
//     modeled: {} there is not empty but says "no comment" (see
//     haproxycfg/metadata.go), so it reaches the model as it was sent.
//
// Which members are modeled is read from the models' json tags, which members
// are official from dataplane.OfficialFields: modeling a field changes nothing
// here.

// bodyModel is what the decoder knows of one struct model: its members and,
// when it has one, its official model's members.
type bodyModel struct {
	kind     string
	fields   map[string]reflect.Type
	official map[string]bool // nil: no official model, unknown members are refused
}

// bodyModels are built once, at start-up, for every model with an official kind.
var bodyModels = func() map[reflect.Type]*bodyModel {
	models := map[reflect.Type]*bodyModel{}
	for t, kind := range dataplane.OfficialKinds {
		official := map[string]bool{}
		for _, name := range dataplane.OfficialFields[kind] {
			official[name] = true
		}
		models[t] = &bodyModel{kind: kind, fields: dataplane.ModelFields(t), official: official}
	}
	return models
}()

// field finds a member as encoding/json (and so the official server) does:
// its exact name, else one that differs only in case.
func (m *bodyModel) field(name string) (reflect.Type, bool) {
	if t, ok := m.fields[name]; ok {
		return t, true
	}
	for n, t := range m.fields {
		if strings.EqualFold(n, name) {
			return t, true
		}
	}
	return nil, false
}

func modelOf(t reflect.Type) *bodyModel {
	if m, ok := bodyModels[t]; ok {
		return m
	}
	return &bodyModel{kind: t.Name(), fields: dataplane.ModelFields(t)}
}

// decode reads a JSON request body into a T: 415 for another content type, 413
// past the size limit, 422 when it does not fit the model.
func decode[T any](c *call) (T, error) {
	var v T
	if err := c.requireContentType("application/json"); err != nil {
		return v, err
	}
	data, err := c.readBody()
	if err != nil {
		return v, err
	}
	err = decodeBody(data, &v)
	return v, err
}

// decodeBody reads data into v (a pointer to a model or a slice of them) as the
// official server would.
func decodeBody(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // numbers pass through as written
	var body any
	if err := dec.Decode(&body); err != nil {
		return fmt.Errorf("%w: %v", errSchema, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: one JSON value expected", errSchema)
	}
	t := reflect.TypeOf(v).Elem()
	body, err := officialBody(body, t, "")
	if err != nil {
		return err
	}
	clean, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("%w: %v", errSchema, err)
	}
	strict := json.NewDecoder(bytes.NewReader(clean))
	strict.DisallowUnknownFields() // only members of models without an official kind are left
	strict.UseNumber()             // metadata's numbers are written back as the client wrote them
	if err := strict.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", errSchema, err)
	}
	return nil
}

// officialBody returns the body with what the official server would not read
// taken out, or the error naming an official member this agent cannot honour.
// path names where the value is, for that error.
func officialBody(v any, t reflect.Type, path string) (any, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			return v, nil // the strict decoder names the type mismatch
		}
		for i, item := range items {
			var err error
			if items[i], err = officialBody(item, t.Elem(), path+"["+strconv.Itoa(i)+"]"); err != nil {
				return nil, err
			}
		}
	case reflect.Map: // named children (servers, binds), keyed by name
		items, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		for _, key := range slices.Sorted(maps.Keys(items)) {
			var err error
			if items[key], err = officialBody(items[key], t.Elem(), memberPath(path, key)); err != nil {
				return nil, err
			}
		}
	case reflect.Struct:
		members, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		m := modelOf(t)
		if err := foldAliases(members, m.kind, path); err != nil {
			return nil, err
		}
		for _, name := range slices.Sorted(maps.Keys(members)) { // the first refused member, by name, is the one named
			value, where := members[name], memberPath(path, name)
			ft, modeled := m.field(name)
			switch {
			case modeled && value == nil:
				delete(members, name)
			case modeled:
				var err error
				if members[name], err = officialBody(value, ft, where); err != nil {
					return nil, err
				}
			case m.official == nil:
				// no official model to compare with: the strict decoder refuses it
			case !m.official[strings.ToLower(name)], empty(value): // the official names are lower case
				delete(members, name)
			default:
				return nil, fmt.Errorf("%w: %q is a field of the official %s model that this agent does not support yet; leave it out or send null",
					errSchema, where, m.kind)
			}
		}
	}
	return v, nil
}

// memberPath names member name of the value at path, for errors:
// "default_server.check".
func memberPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// foldAliases replaces the deprecated members of an official model with the
// members they stand for; one that contradicts its replacement, or another
// alias of it, is a 422.
func foldAliases(members map[string]any, kind, path string) error {
	aliases := dataplane.Aliases[kind]
	for _, name := range slices.Sorted(maps.Keys(members)) {
		alias, ok := aliases[name]
		if !ok {
			continue
		}
		value, where := members[name], memberPath(path, name)
		delete(members, name)
		if empty(value) || value == dataplane.Disabled {
			continue
		}
		if alias.List {
			want := []any{value}
			if have := members[alias.Member]; !empty(have) && !reflect.DeepEqual(have, want) {
				return fmt.Errorf("%w: %q (deprecated) says %s holds it alone, which contradicts %v", errSchema, where, alias.Member, have)
			}
			members[alias.Member] = want
			continue
		}
		if value != true && value != dataplane.Enabled {
			return fmt.Errorf("%w: %q must be %q or %q (or true)", errSchema, where, dataplane.Enabled, dataplane.Disabled)
		}
		if have, set := members[alias.Member]; set && have != nil && have != alias.Value {
			return fmt.Errorf("%w: %q (deprecated) says %s %q, which contradicts %v", errSchema, where, alias.Member, alias.Value, have)
		}
		members[alias.Member] = alias.Value
	}
	return nil
}

// empty tells whether a JSON value sets nothing: null, "", false, [], {} or an
// object whose members are all empty.
func empty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case bool:
		return !v
	case []any:
		return len(v) == 0
	case map[string]any:
		for _, m := range v {
			if !empty(m) {
				return false
			}
		}
		return true
	}
	return false
}

// sortedJSON encodes v as the official server writes it: object members in
// alphabetical order (encoding/json writes struct fields in declaration order,
// map keys sorted), so that clients and tests comparing bodies as text match.
// Structs are written member by member in name order, from a plan made once per
// type; everything else is encoding/json's.
func sortedJSON(v any) ([]byte, error) {
	buf, err := appendSorted(nil, reflect.ValueOf(v))
	return append(buf, '\n'), err
}

func appendSorted(buf []byte, v reflect.Value) ([]byte, error) {
	switch v.Kind() {
	case reflect.Invalid:
		return append(buf, "null"...), nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(buf, "null"...), nil
		}
		return appendSorted(buf, v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return append(buf, "null"...), nil
		}
		buf = append(buf, '[')
		for i := range v.Len() {
			if i > 0 {
				buf = append(buf, ',')
			}
			var err error
			if buf, err = appendSorted(buf, v.Index(i)); err != nil {
				return nil, err
			}
		}
		return append(buf, ']'), nil
	case reflect.Struct:
		buf = append(buf, '{')
		first := true
		for _, f := range sortedFields(v.Type()) {
			fv := v.FieldByIndex(f.index)
			if f.omitEmpty && emptyValue(fv) {
				continue
			}
			if !first {
				buf = append(buf, ',')
			}
			first = false
			buf = append(buf, f.key...)
			var err error
			if buf, err = appendSorted(buf, fv); err != nil {
				return nil, err
			}
		}
		return append(buf, '}'), nil
	case reflect.Map:
		if v.IsNil() || v.Type().Key().Kind() != reflect.String {
			break
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		buf = append(buf, '{')
		for i, k := range keys {
			if i > 0 {
				buf = append(buf, ',')
			}
			key, _ := json.Marshal(k.String())
			buf = append(append(buf, key...), ':')
			var err error
			if buf, err = appendSorted(buf, v.MapIndex(k)); err != nil {
				return nil, err
			}
		}
		return append(buf, '}'), nil
	}
	data, err := json.Marshal(v.Interface()) // strings, numbers, booleans
	return append(buf, data...), err
}

// sortedField is one member of a struct's encoding: `"name":`, where the field
// is (through embedded structs), and whether an empty value is left out.
type sortedField struct {
	name      string
	key       []byte
	index     []int
	omitEmpty bool
}

var sortedPlans sync.Map // reflect.Type: []sortedField

func sortedFields(t reflect.Type) []sortedField {
	if plan, ok := sortedPlans.Load(t); ok {
		return plan.([]sortedField)
	}
	var plan []sortedField
	var collect func(t reflect.Type, index []int)
	collect = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			at := append(slices.Clone(index), i)
			switch {
			case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
				collect(f.Type, at)
			case name != "-" && f.IsExported():
				if name == "" {
					name = f.Name
				}
				key, _ := json.Marshal(name)
				plan = append(plan, sortedField{name: name, key: append(key, ':'), index: at, omitEmpty: strings.Contains(opts, "omitempty")})
			}
		}
	}
	collect(t, nil)
	// As encoding/json: of the fields of one name, the least deep one wins
	// (a RuntimeAPI's own name over its embedded Bind's); a tie hides them all.
	slices.SortStableFunc(plan, func(a, b sortedField) int {
		return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(len(a.index), len(b.index)))
	})
	plan = slices.DeleteFunc(slices.Clone(plan), func(f sortedField) bool {
		i, _ := slices.BinarySearchFunc(plan, f.name, func(g sortedField, name string) int { return strings.Compare(g.name, name) })
		first := plan[i]
		tied := i+1 < len(plan) && plan[i+1].name == f.name && len(plan[i+1].index) == len(first.index)
		return !slices.Equal(f.index, first.index) || tied
	})
	sortedPlans.Store(t, plan)
	return plan
}

// emptyValue is encoding/json's omitempty test.
func emptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}
