package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Conversions between the attributes of the section resources (resolvers,
// userlist), which are plain framework resources, and the API's models.

// timeAttribute is a time attribute and the API field it is, in milliseconds.
type timeAttribute struct {
	tf  *DurationValue
	api **int64
}

// toAPI sets the API field from the attribute: unset when null.
func (t timeAttribute) toAPI() {
	*t.api = nil
	if t.tf.IsNull() || t.tf.IsUnknown() {
		return
	}
	if ms, ok := dataplane.ParseTime(t.tf.ValueString()); ok {
		*t.api = &ms
	}
}

// fromAPI sets the attribute from the API field, keeping the attribute's
// spelling when it means the same time ("2m" stays "2m" for 120000).
func (t timeAttribute) fromAPI() {
	if *t.api == nil {
		*t.tf = DurationValue{types.StringNull()}
		return
	}
	if ms, ok := dataplane.ParseTime(t.tf.ValueString()); ok && !t.tf.IsNull() && ms == **t.api {
		return
	}
	*t.tf = DurationValue{types.StringValue(dataplane.FormatTime(**t.api))}
}

// int64Ptr is an optional integer attribute as the API's pointer.
func int64Ptr(v types.Int64) *int64 {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	n := v.ValueInt64()
	return &n
}

// int64Value is the API's optional integer as an attribute.
func int64Value(v *int64) types.Int64 {
	if v == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*v)
}

// dryRunPlanned tells whether a section resource's ModifyPlan checks the
// planned section with our agent (dry_run): not for destroys, nor for values
// known only at apply, nor against servers without dry_run.
func dryRunPlanned(ctx context.Context, req resource.ModifyPlanRequest, c *dataplane.Client) bool {
	return !req.Plan.Raw.IsNull() && knownButID(req.Plan.Raw) && c != nil && c.SupportsDryRun(ctx)
}

// addDryRunError reports the dry run of a planned section of kind: one
// that exists already is an error on its name, pointing at import; HAProxy's
// refusal fails the plan with the summary rejected; a parent not there yet
// (404) is left to the apply.
func addDryRunError(d *diag.Diagnostics, err error, kind, name, rejected string) {
	switch {
	case dataplane.IsExists(err):
		d.AddAttributeError(path.Root("name"), "The "+kind+" section exists already", takeover(err, kind, name).Error())
	case err != nil && !dataplane.IsNotFound(err):
		d.AddError(rejected, err.Error())
	}
}

// knownButID tells whether every attribute of a planned object is known but
// its id, which a create learns only when it is applied.
func knownButID(v tftypes.Value) bool {
	vals := map[string]tftypes.Value{}
	if err := v.As(&vals); err != nil {
		return false
	}
	for k, x := range vals {
		if k != "id" && !x.IsFullyKnown() {
			return false
		}
	}
	return true
}

// takeover says how to adopt the section a create of a typeName found there
// already (409); other errors it returns as they are.
func takeover(err error, typeName, name string) error {
	if !dataplane.IsExists(err) {
		return err
	}
	return fmt.Errorf("%w. %s", err, adoptHint(typeName, name))
}
