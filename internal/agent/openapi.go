package agent

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// openAPI is the OpenAPI 3 document of the routes the agent serves, made from the
// route table and the models, so that the two cannot disagree.
func (a *Agent) openAPI() map[string]any {
	a.specOnce.Do(func() { a.spec = buildOpenAPI(a.routes, a.opts.Version) })
	return a.spec
}

func buildOpenAPI(routes []*route, version string) map[string]any {
	g := &schemas{defs: map[string]any{}}
	errorSchema := g.of(reflect.TypeFor[errorBody]())
	versionHeader := map[string]any{"Configuration-Version": map[string]any{
		"description": "The configuration version, or the transaction's.", "schema": map[string]any{"type": "integer"}}}
	paths := map[string]any{}
	for _, rt := range routes {
		op := map[string]any{
			"summary":     rt.summary,
			"operationId": operationID(rt),
		}
		var params []any
		for _, seg := range rt.segments() {
			if name, ok := strings.CutPrefix(seg, "{"); ok {
				name = strings.TrimSuffix(name, "}")
				typ := "string"
				if name == "index" {
					typ = "integer"
				}
				params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]any{"type": typ}})
			}
		}
		for _, q := range rt.query {
			d := queryParams[q]
			params = append(params, map[string]any{"name": q, "in": "query", "description": d.description, "schema": map[string]any{"type": d.typ}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": g.content(rt.body)}
		}
		responses := map[string]any{"default": map[string]any{
			"description": "Error", "headers": versionHeader,
			"content": map[string]any{"application/json": map[string]any{"schema": errorSchema}}}}
		for _, code := range rt.codes {
			resp := map[string]any{"description": http.StatusText(code), "headers": versionHeader}
			if rt.reply != nil && code != http.StatusNoContent {
				resp["content"] = g.content(rt.reply)
			}
			responses[itoa(int64(code))] = resp
		}
		op["responses"] = responses
		p := "/v3" + rt.path
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p].(map[string]any)[strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "HAProxy Data Plane API (terraform-provider-haproxy agent)",
			"version":     version,
			"description": "The Data Plane API v3 for the objects in scope, served over a lossless configuration engine. dry_run is an extension.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas":         g.defs,
			"securitySchemes": map[string]any{"basic_auth": map[string]any{"type": "http", "scheme": "basic"}},
		},
		"security": []any{map[string]any{"basic_auth": []any{}}},
	}
}

func operationID(rt *route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.method))
	for _, seg := range rt.segments() {
		seg = strings.Trim(seg, "{}")
		for _, part := range strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '-' }) {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// schemas turns Go models into JSON schemas, each struct once under its name.
type schemas struct{ defs map[string]any }

func (g *schemas) content(model any) map[string]any {
	switch m := model.(type) {
	case text:
		return map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}}
	case octets:
		return map[string]any{"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
	case formFile:
		return map[string]any{"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []any{string(m)},
			"properties": map[string]any{string(m): map[string]any{"type": "string", "format": "binary"}}}}}
	}
	return map[string]any{"application/json": map[string]any{"schema": g.of(reflect.TypeOf(model))}}
}

func (g *schemas) of(t reflect.Type) map[string]any {
	switch t.Kind() {
	case reflect.Pointer:
		return g.of(t.Elem())
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		if t.Key().Kind() == reflect.String && t.Elem().Kind() == reflect.Struct { // named children, keyed by name
			return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem())}
		}
		return map[string]any{"type": "object"}
	case reflect.Interface:
		return map[string]any{"type": "object"}
	case reflect.Struct:
		name := t.Name()
		if name == "errorBody" {
			name = "Error"
		}
		if _, done := g.defs[name]; !done {
			g.defs[name] = nil // mark before recursing
			props, required := map[string]any{}, []any{}
			g.fields(t, props, &required)
			// Members the official model defines and this one does not are
			// refused when set; others are ignored, as the official server
			// ignores them (see body.go).
			def := map[string]any{"type": "object", "properties": props, "additionalProperties": true}
			if len(required) > 0 {
				def["required"] = required
			}
			g.defs[name] = def
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

// constrained is the schema of field f with the values its tags allow: the
// `enum` and `range` tags the engine checks, and a switch's enabled/disabled.
func (g *schemas) constrained(f reflect.StructField) map[string]any {
	s := g.of(f.Type)
	enum := f.Tag.Get("enum")
	if enum == "" && strings.HasSuffix(f.Tag.Get("hap"), ",switch") {
		enum = dataplane.Enabled + "|" + dataplane.Disabled
	}
	if enum != "" {
		values := []any{}
		for _, v := range strings.Split(enum, "|") {
			values = append(values, v)
		}
		if f.Type.Kind() == reflect.Slice {
			s["items"] = map[string]any{"type": "string", "enum": values}
		} else {
			s["enum"] = values
		}
	}
	if lo, hi, ok := strings.Cut(f.Tag.Get("range"), ","); ok {
		s["minimum"], s["maximum"] = json.Number(lo), json.Number(hi)
	}
	return s
}

// fields adds a struct's JSON fields, embedded structs' included; a field without
// omitempty is required.
func (g *schemas) fields(t reflect.Type, props map[string]any, required *[]any) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			g.fields(f.Type, props, required)
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		props[name] = g.constrained(f)
		if !strings.Contains(opts, "omitempty") {
			*required = append(*required, name)
		}
	}
}
