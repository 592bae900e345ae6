package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// serverObjectType is a server as an element of a backend data source's list.
func serverObjectType() types.ObjectType {
	return types.ObjectType{AttrTypes: attrTypes(serverFields)}
}

// backendDataSource reads a backend with its servers.
func backendDataSource() datasource.DataSource {
	nested := map[string]dschema.Attribute{}
	for _, f := range serverFields {
		g := f
		g.identity = false
		nested[f.name] = g.dataSourceAttribute()
	}
	return &objectDataSource[backend]{
		spec: backendSpec,
		extraAttrs: map[string]dschema.Attribute{"servers": dschema.ListNestedAttribute{Computed: true,
			Description:  "The backend's servers, in file order.",
			NestedObject: dschema.NestedAttributeObject{Attributes: nested}}},
		extra: func(ctx context.Context, c *dataplane.Client, name string, vals map[string]attr.Value) error {
			list, err := c.Servers(ctx, name)
			if err != nil {
				return err
			}
			objType := serverObjectType()
			elems := make([]attr.Value, len(list))
			for i := range list {
				elems[i] = types.ObjectValueMust(objType.AttrTypes, values(serverFields, &list[i]))
			}
			vals["servers"] = types.ListValueMust(objType, elems)
			return nil
		},
	}
}

// infoDataSource is haproxy_info: the agent's and HAProxy's versions.
type infoDataSource struct{ client *dataplane.Client }

func newInfoDataSource() datasource.DataSource { return &infoDataSource{} }

func (d *infoDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_info"
}

func (d *infoDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = dschema.Schema{
		Description: "The versions of the agent (or Data Plane API) and of HAProxy.",
		Attributes: map[string]dschema.Attribute{
			"id":              dschema.StringAttribute{Computed: true, Description: "Always `info`."},
			"api_version":     dschema.StringAttribute{Computed: true, Description: "Version of the agent or Data Plane API."},
			"haproxy_version": dschema.StringAttribute{Computed: true, Description: "Version of HAProxy, when the server reports it (our agent does)."},
			"dry_run":         dschema.BoolAttribute{Computed: true, Description: "Whether the server validates changes without making them (our agent does), which lets `terraform plan` check rules."},
		},
	}
}

func (d *infoDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *infoDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	info, err := d.client.Info(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Reading /v3/info", err.Error())
		return
	}
	state := struct {
		ID             types.String `tfsdk:"id"`
		APIVersion     types.String `tfsdk:"api_version"`
		HAProxyVersion types.String `tfsdk:"haproxy_version"`
		DryRun         types.Bool   `tfsdk:"dry_run"`
	}{types.StringValue("info"), types.StringValue(info.API.Version), types.StringValue(info.HAProxy.Version),
		types.BoolValue(slices.Contains(info.API.Extensions, dataplane.ExtensionDryRun))}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
