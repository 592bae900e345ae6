package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// What the resources addressed by one name (a userlist, resolvers, a stored
// certificate or map) do alike: their ID is the name, and deleting one that
// is gone already is done.

// importByName is the ImportState of such a resource: the ID is the name.
func importByName(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("name"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

// deleteByName deletes what the state's name names, with remove; what, such
// as "userlist", says what it is in an error.
func deleteByName(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse, what string, remove func(context.Context, string) error) {
	var name types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := remove(ctx, name.ValueString()); err != nil && !dataplane.IsNotFound(err) {
		resp.Diagnostics.AddError("Deleting "+what+" "+name.ValueString(), err.Error())
	}
}

// loader reads what a resource's model names into it; false when there is
// none (then with no error in diags).
type loader[M any] func(ctx context.Context, m *M, diags *diag.Diagnostics) bool

// readLoaded is the Read of a resource with a loader: what it reads, or the
// resource removed when it is gone.
func readLoaded[M any](ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse, load loader[M]) {
	var m M
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if load(ctx, &m, &resp.Diagnostics) {
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	} else if !resp.Diagnostics.HasError() {
		resp.State.RemoveResource(ctx)
	}
}

// setLoaded reads what a write just made into the state; what, such as "map
// hosts.map", names it in an error.
func setLoaded[M any](ctx context.Context, m *M, state *tfsdk.State, diags *diag.Diagnostics, load loader[M], what string) {
	if load(ctx, m, diags) {
		diags.Append(state.Set(ctx, m)...)
	} else if !diags.HasError() {
		diags.AddError("Reading "+what, "the agent does not have what it was just given")
	}
}
