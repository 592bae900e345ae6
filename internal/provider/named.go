package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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
