package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// NewServer is the provider's plugin protocol server, as main serves it and as
// the tests run it. version is the release version, "dev" or "test" otherwise.
func NewServer(version string) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) {
		p := &haproxyProvider{version: version}
		return &nodesDifferServer{provider: p, ProviderServer: &protocolServer{
			ProviderServer: providerserver.NewProtocol6(p)(),
			provider:       p,
			objects: map[string]objectRPCs{
				"haproxy_frontend": frontendSpec,
				"haproxy_backend":  backendSpec,
				"haproxy_server":   serverSpec,
				"haproxy_bind":     bindSpec,
				"haproxy_defaults": defaultsSpec,
				"haproxy_listen":   listenSpec,
			},
		}}, nil
	}
}

// protocolServer is terraform-plugin-framework's server, except that it
// upgrades, reads, plans and applies the object resources itself.
//
// Those four calls are nearly all of what a plan or an apply of many objects
// asks, and the framework spends most of their time walking the schema: each
// attribute path step rebuilds the schema's attribute map, so a request costs
// the square of the attribute count (haproxy_server has 30), and the garbage
// collector most of the rest. The object resources need none of it: their
// values map one to one onto a field table. Answering from the table took a
// no-change plan of 500 servers from 4.0 s to 0.8 s of provider CPU. The
// framework still serves their schema, validation and import, and everything
// about the other resources and the data sources.
type protocolServer struct {
	tfprotov6.ProviderServer
	provider *haproxyProvider
	objects  map[string]objectRPCs // by resource type name
}

// objectRPCs is what protocolServer asks of an object resource's spec.
type objectRPCs interface {
	objectType() tftypes.Object
	readState(ctx context.Context, c *dataplane.Client, current tftypes.Value) (tftypes.Value, error)
	planState(config, prior, proposed tftypes.Value) (tftypes.Value, []*tftypes.AttributePath, error)
	dryRun(ctx context.Context, c *dataplane.Client, config, prior, planned tftypes.Value) error
	applyState(ctx context.Context, c *dataplane.Client, config, prior, planned tftypes.Value) (tftypes.Value, error)
}

func (s *protocolServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	o, ok := s.objects[req.TypeName]
	if !ok {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	resp := &tfprotov6.UpgradeResourceStateResponse{}
	if req.Version != 0 {
		resp.Diagnostics = errorDiagnostics(fmt.Errorf("state of %s has schema version %d, which this provider does not know: use the provider version that wrote it", req.TypeName, req.Version))
		return resp, nil
	}
	// Attributes an older provider wrote and this one no longer has are dropped.
	v, err := req.RawState.UnmarshalWithOpts(o.objectType(), tfprotov6.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err == nil {
		resp.UpgradedState, err = dynamicValue(o, v)
	}
	resp.Diagnostics = errorDiagnostics(err)
	return resp, nil
}

func (s *protocolServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	o, ok := s.objects[req.TypeName]
	if !ok {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	resp := &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}
	c, err := s.provider.configuredClient()
	var current, state tftypes.Value
	if err == nil {
		current, err = req.CurrentState.Unmarshal(o.objectType())
	}
	if err == nil {
		state, err = o.readState(ctx, c, current)
	}
	if err == nil {
		resp.NewState, err = dynamicValue(o, state)
	}
	resp.Diagnostics = errorDiagnostics(err)
	return resp, nil
}

func (s *protocolServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	o, ok := s.objects[req.TypeName]
	if !ok {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	resp := &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}
	vals, err := unmarshalAll(o, req.Config, req.PriorState, req.ProposedNewState)
	var planned tftypes.Value
	if err == nil {
		if planned, resp.RequiresReplace, err = o.planState(vals[0], vals[1], vals[2]); err == nil {
			resp.PlannedState, err = dynamicValue(o, planned)
		}
	}
	if err == nil {
		// A plan that fails only for the provider not being configured yet (its
		// settings unknown) is not checked.
		if c, cerr := s.provider.configuredClient(); cerr == nil {
			err = o.dryRun(ctx, c, vals[0], vals[1], planned)
		}
	}
	resp.Diagnostics = errorDiagnostics(err)
	return resp, nil
}

func (s *protocolServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	o, ok := s.objects[req.TypeName]
	if !ok {
		return s.ProviderServer.ApplyResourceChange(ctx, req)
	}
	resp := &tfprotov6.ApplyResourceChangeResponse{NewState: req.PriorState, Private: req.PlannedPrivate}
	c, err := s.provider.configuredClient()
	var vals []tftypes.Value
	if err == nil {
		vals, err = unmarshalAll(o, req.Config, req.PriorState, req.PlannedState)
	}
	if err == nil {
		// The new state is what applyState returns even when it fails: the
		// prior state then, so that Terraform keeps what still exists.
		state, applyErr := o.applyState(ctx, c, vals[0], vals[1], vals[2])
		resp.NewState, err = dynamicValue(o, state)
		if applyErr != nil {
			err = applyErr
		}
	}
	resp.Diagnostics = errorDiagnostics(err)
	return resp, nil
}

// unmarshalAll decodes values of an object resource.
func unmarshalAll(o objectRPCs, dvs ...*tfprotov6.DynamicValue) ([]tftypes.Value, error) {
	out := make([]tftypes.Value, len(dvs))
	for i, dv := range dvs {
		if dv == nil {
			out[i] = tftypes.NewValue(o.objectType(), nil)
			continue
		}
		v, err := dv.Unmarshal(o.objectType())
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func dynamicValue(o objectRPCs, v tftypes.Value) (*tfprotov6.DynamicValue, error) {
	dv, err := tfprotov6.NewDynamicValue(o.objectType(), v)
	return &dv, err
}

// errorDiagnostics is err as Terraform shows it; none when err is nil.
func errorDiagnostics(err error) []*tfprotov6.Diagnostic {
	if err == nil {
		return nil
	}
	summary, detail := summaryAndDetail(err)
	d := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: detail}
	var af *attributeFailure
	if errors.As(err, &af) {
		d.Attribute = tftypes.NewAttributePath().WithAttributeName(af.attribute)
	}
	return []*tfprotov6.Diagnostic{d}
}
