package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// globalDataSource is haproxy_global: the global section, as the resource of
// the same name reads it.
type globalDataSource struct{ client *dataplane.Client }

func newGlobalDataSource() datasource.DataSource { return &globalDataSource{} }

func (d *globalDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_global"
}

func (d *globalDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]dschema.Attribute{
		"id": dschema.StringAttribute{Computed: true, Description: "Always `global`."},
		"extra_directives": dschema.ListAttribute{ElementType: types.StringType, Computed: true,
			Description: "The section's other directives the Data Plane API's model holds, one line each, in haproxy.cfg's syntax."},
	}
	for _, a := range globalTypedAttrs {
		switch a.kind {
		case "int":
			attrs[a.name] = dschema.Int64Attribute{Computed: true, Description: a.desc}
		case "duration":
			attrs[a.name] = dschema.StringAttribute{Computed: true, CustomType: DurationType{}, Description: a.desc}
		case "string":
			attrs[a.name] = dschema.StringAttribute{Computed: true, Description: a.desc}
		case "list":
			attrs[a.name] = dschema.ListAttribute{ElementType: types.StringType, Computed: true, Description: a.desc}
		}
	}
	resp.Schema = dschema.Schema{Description: "The `global` section of haproxy.cfg.", Attributes: attrs}
}

func (d *globalDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *globalDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	g, err := d.client.Global(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Reading the global section", err.Error())
		return
	}
	m := globalModel{ExtraDirectives: types.ListNull(types.StringType)}
	toState(g, &m)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
