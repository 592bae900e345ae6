package agent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"

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
//     that nothing a client asked for is silently dropped.
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
	case reflect.Struct:
		members, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		m := modelOf(t)
		for name, value := range members {
			where := name
			if path != "" {
				where = path + "." + name
			}
			ft, modeled := m.fields[name]
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
			case !m.official[name], empty(value):
				delete(members, name)
			default:
				return nil, fmt.Errorf("%w: %q is a field of the official %s model that this agent does not support yet; leave it out or send null",
					errSchema, where, m.kind)
			}
		}
	}
	return v, nil
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
func sortedJSON(v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.NewEncoder(&out).Encode(generic); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
