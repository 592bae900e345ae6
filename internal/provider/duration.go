package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// DurationType is an HAProxy time ("5s", "500ms", "1m", or a number of
// milliseconds). Values that mean the same time never show a diff: the object
// resources plan and read them with sameTime.
type DurationType struct{ basetypes.StringType }

var _ basetypes.StringTypable = DurationType{}

func (t DurationType) Equal(o attr.Type) bool { _, ok := o.(DurationType); return ok }
func (t DurationType) String() string         { return "DurationType" }

func (t DurationType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return DurationValue{StringValue: in}, nil
}

func (t DurationType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	return DurationValue{StringValue: v.(basetypes.StringValue)}, nil
}

func (t DurationType) ValueType(context.Context) attr.Value { return DurationValue{} }

// DurationValue is a value of DurationType.
type DurationValue struct{ basetypes.StringValue }

var _ xattr.ValidateableAttribute = DurationValue{}

func (v DurationValue) Type(context.Context) attr.Type { return DurationType{} }

func (v DurationValue) Equal(o attr.Value) bool {
	other, ok := o.(DurationValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v DurationValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, ok := dataplane.ParseTime(v.ValueString()); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid HAProxy time",
			fmt.Sprintf("%q is not an HAProxy time: use a number with an optional unit us, ms, s, m, h or d, such as \"5s\", \"500ms\" or \"2m\" (a bare number is milliseconds).", v.ValueString()))
	}
}
