package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// nestedField is an attribute holding an object whose attributes are the
// fields of an optional part of the model: a backend's default_server, the
// part its `default-server` line says.
type nestedField[M any] struct {
	name, desc string
	fields     []field[M]    // lifted onto the part; reaching one creates it
	present    func(*M) bool // whether m has the part
	drop       func(*M)      // removes the part
}

func (n nestedField[M]) terraformType() tftypes.Object {
	types := map[string]tftypes.Type{}
	for _, f := range n.fields {
		types[f.name] = f.terraformType()
	}
	return tftypes.Object{AttributeTypes: types}
}

func (n nestedField[M]) attrType() attr.Type {
	return types.ObjectType{AttrTypes: attrTypes(n.fields)}
}

func (n nestedField[M]) resourceAttribute() rschema.Attribute {
	attrs := map[string]rschema.Attribute{}
	for _, f := range n.fields {
		attrs[f.name] = f.resourceAttribute()
	}
	return rschema.SingleNestedAttribute{Optional: true, Description: n.desc + " Unset, the line is not there.", Attributes: attrs}
}

func (n nestedField[M]) dataSourceAttribute() dschema.Attribute {
	attrs := map[string]dschema.Attribute{}
	for _, f := range n.fields {
		attrs[f.name] = f.dataSourceAttribute()
	}
	return dschema.SingleNestedAttribute{Computed: true, Description: n.desc, Attributes: attrs}
}

// terraformValue is the part of m as an object: null when m has none or it sets
// none of the attributes, unless the state holds an object (shape), which is
// then kept as an object of nulls, so that `default_server = {}` is no diff.
// Times the state spells differently keep its spelling.
func (n nestedField[M]) terraformValue(m *M, shape tftypes.Value) tftypes.Value {
	old, _ := attributeValues(shape)
	vals := map[string]tftypes.Value{}
	set := false
	for _, f := range n.fields {
		if n.present(m) {
			vals[f.name] = f.terraformValue(m)
		} else {
			vals[f.name] = tftypes.NewValue(f.terraformType(), nil)
		}
		set = set || !vals[f.name].IsNull()
	}
	if !set && old == nil {
		return tftypes.NewValue(n.terraformType(), nil)
	}
	return tftypes.NewValue(n.terraformType(), keepSpelling(n.fields, old, vals))
}

// setTerraformValue makes the part of m say v: none when v is null.
func (n nestedField[M]) setTerraformValue(v tftypes.Value, m *M) error {
	n.drop(m)
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	vals, err := attributeValues(v)
	if err != nil {
		return err
	}
	for _, f := range n.fields {
		if err := f.setTerraformValue(vals[f.name], m); err != nil {
			return fmt.Errorf("%s.%s: %w", n.name, f.name, err)
		}
	}
	return nil
}

// keepSpellingOf is planned value v with the spelling of the times the prior
// value old says the same.
func (n nestedField[M]) keepSpellingOf(old, v tftypes.Value) tftypes.Value {
	was, err := attributeValues(old)
	if err != nil || was == nil || !v.IsKnown() || v.IsNull() {
		return v
	}
	vals, err := attributeValues(v)
	if err != nil {
		return v
	}
	return tftypes.NewValue(n.terraformType(), keepSpelling(n.fields, was, vals))
}

// value is the part of m as a framework value, for data sources.
func (n nestedField[M]) value(m *M) attr.Value {
	v, err := n.attrType().ValueFromTerraform(context.Background(), n.terraformValue(m, tftypes.NewValue(n.terraformType(), nil)))
	if err != nil {
		panic(fmt.Sprintf("attribute %s: %v", n.name, err)) // the types above agree: a bug
	}
	return v
}

// keepSpelling gives the times in vals that mean the same as in old the
// spelling old has ("2m" stays "2m" when the server says 120000). It returns
// vals.
func keepSpelling[M any](fields []field[M], old, vals map[string]tftypes.Value) map[string]tftypes.Value {
	for _, f := range fields {
		if f.kind == kindDuration && old != nil && sameTime(old[f.name], vals[f.name]) {
			vals[f.name] = old[f.name]
		}
	}
	return vals
}
