// Command floorprovider is a Terraform provider that does nothing, as cheaply as
// the plugin protocol allows: BenchmarkTerraformApply500Servers runs it to
// measure what Terraform itself spends on a plugin resource with as many
// attributes as haproxy_server, the floor under any provider's ratio to
// terraform_data. Its one resource, floor_object, has an input number, a
// computed id, an optional delay and FLOOR_ATTRIBUTES optional strings; its
// reads, plans and applies copy values and call nothing. An apply of an
// object with a delay (a Go duration) takes that long: the floor under a
// provider whose writes take that long, for BenchmarkTerraformApplyLargeBase.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	n, _ := strconv.Atoi(os.Getenv("FLOOR_ATTRIBUTES"))
	o := object{strings: make([]string, n), typ: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String, "input": tftypes.Number, "delay": tftypes.String}}}
	for i := range o.strings {
		o.strings[i] = fmt.Sprintf("attr_%02d", i)
		o.typ.AttributeTypes[o.strings[i]] = tftypes.String
	}
	server := &floorServer{ProviderServer: providerserver.NewProtocol6(floorProvider{o})(), object: o}
	if err := tf6server.Serve("registry.terraform.io/tfhaproxy/floor", func() tfprotov6.ProviderServer { return server }); err != nil {
		log.Fatal(err)
	}
}

// object is floor_object's shape.
type object struct {
	strings []string
	typ     tftypes.Object
}

// floorProvider serves the schema through the framework.
type floorProvider struct{ object }

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}
func (floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}
func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (p floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return floorResource(p) }}
}

// floorResource declares floor_object; floorServer answers its calls.
type floorResource struct{ object }

func (floorResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "floor_object"
}
func (r floorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id":    schema.StringAttribute{Computed: true},
		"input": schema.Int64Attribute{Required: true},
		"delay": schema.StringAttribute{Optional: true},
	}
	for _, name := range r.strings {
		attrs[name] = schema.StringAttribute{Optional: true}
	}
	resp.Schema = schema.Schema{Attributes: attrs}
}
func (floorResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (floorResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// floorServer answers floor_object's upgrades, reads, plans and applies itself.
type floorServer struct {
	tfprotov6.ProviderServer
	object
}

func (s *floorServer) UpgradeResourceState(_ context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	v, err := req.RawState.Unmarshal(s.typ)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: s.dynamic(v)}, nil
}

func (s *floorServer) ReadResource(_ context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

// PlanResourceChange plans the configuration, with an unknown id on create.
func (s *floorServer) PlanResourceChange(_ context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState}
	proposed, err := req.ProposedNewState.Unmarshal(s.typ)
	if err != nil || proposed.IsNull() {
		return resp, err
	}
	prior, err := req.PriorState.Unmarshal(s.typ)
	if err != nil {
		return nil, err
	}
	vals := map[string]tftypes.Value{}
	if err := proposed.As(&vals); err != nil {
		return nil, err
	}
	vals["id"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
	if !prior.IsNull() {
		old := map[string]tftypes.Value{}
		if err := prior.As(&old); err != nil {
			return nil, err
		}
		vals["id"] = old["id"]
	}
	resp.PlannedState = s.dynamic(tftypes.NewValue(s.typ, vals))
	return resp, nil
}

// ApplyResourceChange records the plan, with a fixed id, after the delay.
func (s *floorServer) ApplyResourceChange(_ context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	resp := &tfprotov6.ApplyResourceChangeResponse{NewState: req.PlannedState}
	planned, err := req.PlannedState.Unmarshal(s.typ)
	if err != nil || planned.IsNull() {
		return resp, err
	}
	vals := map[string]tftypes.Value{}
	if err := planned.As(&vals); err != nil {
		return nil, err
	}
	vals["id"] = tftypes.NewValue(tftypes.String, "floor")
	var delay *string
	if err := vals["delay"].As(&delay); err != nil {
		return nil, err
	}
	if delay != nil {
		d, err := time.ParseDuration(*delay)
		if err != nil {
			return nil, err
		}
		time.Sleep(d)
	}
	resp.NewState = s.dynamic(tftypes.NewValue(s.typ, vals))
	return resp, nil
}

func (s *floorServer) dynamic(v tftypes.Value) *tfprotov6.DynamicValue {
	dv, err := tfprotov6.NewDynamicValue(s.typ, v)
	if err != nil {
		panic(err) // v is built from s.typ
	}
	return &dv
}
