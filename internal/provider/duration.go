package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// DurationType is an HAProxy time ("5s", "500ms", "1m", or a number of
// milliseconds). Values that mean the same time are equal, so "5s" and "5000"
// never show a diff.
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

var (
	_ basetypes.StringValuableWithSemanticEquals = DurationValue{}
	_ xattr.ValidateableAttribute                = DurationValue{}
)

func (v DurationValue) Type(context.Context) attr.Type { return DurationType{} }

func (v DurationValue) Equal(o attr.Value) bool {
	other, ok := o.(DurationValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals keeps the configured spelling when the server reports the
// same time in another.
func (v DurationValue) StringSemanticEquals(_ context.Context, nv basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := nv.(DurationValue)
	if !ok {
		return false, nil
	}
	a, okA := dataplane.ParseTime(v.ValueString())
	b, okB := dataplane.ParseTime(other.ValueString())
	return okA && okB && a == b, nil
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

// milliseconds is the value in milliseconds, nil when null.
func (v DurationValue) milliseconds() *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	ms, ok := dataplane.ParseTime(v.ValueString())
	if !ok {
		return nil
	}
	return &ms
}

// durationOf is the value for milliseconds read from the server.
func durationOf(ms *int64) DurationValue {
	if ms == nil {
		return DurationValue{StringValue: basetypes.NewStringNull()}
	}
	return DurationValue{StringValue: basetypes.NewStringValue(dataplane.FormatTime(*ms))}
}

// sameTimeKeepsState plans the prior value when the configuration spells the same
// time differently ("2m" then "120000"), which Terraform accepts as equivalent:
// rewording a time is no change.
type sameTimeKeepsState struct{}

func (sameTimeKeepsState) Description(context.Context) string {
	return "A time that means the same as the current one is no change."
}

func (m sameTimeKeepsState) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (sameTimeKeepsState) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	a, okA := dataplane.ParseTime(req.StateValue.ValueString())
	b, okB := dataplane.ParseTime(req.PlanValue.ValueString())
	if okA && okB && a == b {
		resp.PlanValue = req.StateValue
	}
}
