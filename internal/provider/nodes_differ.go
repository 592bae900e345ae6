package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// nodesDiffer is the computed attribute every resource has: the nodes of a
// fleet whose copy of the object differs from the canary's.
const nodesDiffer = "nodes_differ"

const nodesDifferDescription = "The nodes of the fleet (the provider's `nodes`) whose copy of this object differs " +
	"from the first canary's (another value, or none); empty when every node agrees, and always with one `url`. When " +
	"it is not empty, plan shows it becoming empty, and the apply writes the object to every node."

// nodesDifferServer gives every resource the nodes_differ attribute, in one
// place for all of them: it adds the attribute to each schema, takes it out of
// what Terraform sends before the resource sees it, and puts it into what the
// resource answers: on read, the nodes the reads found differing
// (dataplane.WithDivergence); on plan, empty where it was not, so that a plan
// converges the nodes.
type nodesDifferServer struct {
	tfprotov6.ProviderServer
	provider *haproxyProvider

	typesOnce sync.Once
	types     map[string]resourceTypes // by resource type name
	typesErr  error
}

// resourceTypes are a resource's value type as the resource has it, and as
// Terraform has it (with nodes_differ).
type resourceTypes struct{ inner, outer tftypes.Object }

var nodesDifferType = tftypes.List{ElementType: tftypes.String}

func (s *nodesDifferServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	resp, err := s.ProviderServer.GetProviderSchema(ctx, req)
	if err != nil || resp == nil {
		return resp, err
	}
	for name, schema := range resp.ResourceSchemas {
		resp.ResourceSchemas[name] = withNodesDifferSchema(schema)
	}
	return resp, nil
}

func withNodesDifferSchema(s *tfprotov6.Schema) *tfprotov6.Schema {
	out := *s
	block := *s.Block
	block.Attributes = append(slices.Clone(block.Attributes), &tfprotov6.SchemaAttribute{
		Name: nodesDiffer, Type: nodesDifferType, Computed: true,
		Description: nodesDifferDescription, DescriptionKind: tfprotov6.StringKindMarkdown,
	})
	out.Block = &block
	return &out
}

// typesOf are a resource's types, from the resources' own schemas asked once.
func (s *nodesDifferServer) typesOf(ctx context.Context, typeName string) (resourceTypes, error) {
	s.typesOnce.Do(func() {
		resp, err := s.ProviderServer.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		if err != nil {
			s.typesErr = err
			return
		}
		s.types = map[string]resourceTypes{}
		for name, schema := range resp.ResourceSchemas {
			inner := schema.ValueType().(tftypes.Object)
			s.types[name] = resourceTypes{inner: inner, outer: withNodesDifferSchema(schema).ValueType().(tftypes.Object)}
		}
	})
	t, ok := s.types[typeName]
	if s.typesErr == nil && !ok {
		return t, fmt.Errorf("no resource type %q; this is a bug in the provider", typeName)
	}
	return t, s.typesErr
}

// strip takes nodes_differ out of a value Terraform sent, and returns it.
func (t resourceTypes) strip(dv *tfprotov6.DynamicValue) (*tfprotov6.DynamicValue, tftypes.Value, error) {
	none := tftypes.NewValue(nodesDifferType, nil)
	if dv == nil {
		return nil, none, nil
	}
	v, err := dv.Unmarshal(t.outer)
	if err != nil {
		return nil, none, err
	}
	nd, inner := none, tftypes.NewValue(t.inner, nil)
	switch {
	case !v.IsKnown():
		inner = tftypes.NewValue(t.inner, tftypes.UnknownValue)
	case !v.IsNull():
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			return nil, none, err
		}
		if got, ok := attrs[nodesDiffer]; ok {
			nd = got
		}
		delete(attrs, nodesDiffer)
		inner = tftypes.NewValue(t.inner, attrs)
	}
	out, err := tfprotov6.NewDynamicValue(t.inner, inner)
	return &out, nd, err
}

// stripAll strips each value in place, and returns the nodes_differ each
// held.
func (t resourceTypes) stripAll(values ...**tfprotov6.DynamicValue) ([]tftypes.Value, error) {
	was := make([]tftypes.Value, len(values))
	for i, v := range values {
		var err error
		if *v, was[i], err = t.strip(*v); err != nil {
			return nil, err
		}
	}
	return was, nil
}

// with puts nodes_differ into a value the resource answered; a null value
// (no object) stays null.
func (t resourceTypes) with(dv *tfprotov6.DynamicValue, nd tftypes.Value) (*tfprotov6.DynamicValue, error) {
	if dv == nil {
		return nil, nil
	}
	v, err := dv.Unmarshal(t.inner)
	if err != nil {
		return nil, err
	}
	var outer tftypes.Value
	switch {
	case v.IsNull():
		outer = tftypes.NewValue(t.outer, nil)
	case !v.IsKnown():
		outer = tftypes.NewValue(t.outer, tftypes.UnknownValue)
	default:
		var attrs map[string]tftypes.Value
		if err := v.As(&attrs); err != nil {
			return nil, err
		}
		attrs[nodesDiffer] = nd
		outer = tftypes.NewValue(t.outer, attrs)
	}
	out, err := tfprotov6.NewDynamicValue(t.outer, outer)
	return &out, err
}

// nodeList is nodes_differ holding names.
func nodeList(names []string) tftypes.Value {
	elems := make([]tftypes.Value, len(names))
	for i, n := range names {
		elems[i] = tftypes.NewValue(tftypes.String, n)
	}
	return tftypes.NewValue(nodesDifferType, elems)
}

var noNodes = nodeList(nil)

// differing tells whether nodes_differ names a node.
func differing(nd tftypes.Value) bool {
	var elems []tftypes.Value
	return nd.IsKnown() && !nd.IsNull() && nd.As(&elems) == nil && len(elems) > 0
}

func (s *nodesDifferServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	t, err := s.typesOf(ctx, req.TypeName)
	if err == nil {
		r := *req
		if r.Config, _, err = t.strip(req.Config); err == nil {
			return s.ProviderServer.ValidateResourceConfig(ctx, &r)
		}
	}
	return &tfprotov6.ValidateResourceConfigResponse{Diagnostics: errorDiagnostics(err)}, nil
}

func (s *nodesDifferServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	t, err := s.typesOf(ctx, req.TypeName)
	if err != nil {
		return &tfprotov6.UpgradeResourceStateResponse{Diagnostics: errorDiagnostics(err)}, nil
	}
	// The resources ignore attributes they do not have in a stored state;
	// nodes_differ is kept as it was stored.
	resp, err := s.ProviderServer.UpgradeResourceState(ctx, req)
	if err != nil || resp == nil || resp.UpgradedState == nil {
		return resp, err
	}
	nd := tftypes.NewValue(nodesDifferType, nil)
	var stored struct {
		NodesDiffer *[]string `json:"nodes_differ"`
	}
	if req.RawState != nil && json.Unmarshal(req.RawState.JSON, &stored) == nil && stored.NodesDiffer != nil {
		nd = nodeList(*stored.NodesDiffer)
	}
	if resp.UpgradedState, err = t.with(resp.UpgradedState, nd); err != nil {
		resp.Diagnostics = append(resp.Diagnostics, errorDiagnostics(err)...)
	}
	return resp, nil
}

func (s *nodesDifferServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	t, err := s.typesOf(ctx, req.TypeName)
	r := *req
	if err == nil {
		r.CurrentState, _, err = t.strip(req.CurrentState)
	}
	if err != nil {
		return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Diagnostics: errorDiagnostics(err)}, nil
	}
	ctx, divergence := dataplane.WithDivergence(ctx)
	resp, err := s.ProviderServer.ReadResource(ctx, &r)
	if err != nil || resp == nil {
		return resp, err
	}
	if resp.NewState, err = t.with(resp.NewState, nodeList(divergence.Nodes())); err != nil {
		resp.Diagnostics = append(resp.Diagnostics, errorDiagnostics(err)...)
	}
	resp.Diagnostics = append(resp.Diagnostics, leftOutWarnings(divergence)...)
	return resp, nil
}

// leftOutWarnings say which optional nodes a read or write left out. Terraform
// shows one of each and counts the others.
func leftOutWarnings(d *dataplane.Divergence) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, name := range d.LeftOut() {
		out = append(out, &tfprotov6.Diagnostic{
			Severity: tfprotov6.DiagnosticSeverityWarning,
			Summary:  "Optional node " + name + " left out",
			Detail: "The node could not be reached, so this run neither read it nor wrote it. It may hold what the " +
				"canary held before: once it answers again, plan shows the objects that differ there (nodes_differ), " +
				"and the next apply makes them equal.",
		})
	}
	return out
}

// PlanResourceChange plans nodes_differ to become empty: it stays as it was
// when it names no node, so that a plan that changes nothing stays empty.
func (s *nodesDifferServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	t, err := s.typesOf(ctx, req.TypeName)
	r := *req
	var was []tftypes.Value
	if err == nil {
		was, err = t.stripAll(&r.Config, &r.PriorState, &r.ProposedNewState)
	}
	if err != nil {
		return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, Diagnostics: errorDiagnostics(err)}, nil
	}
	resp, err := s.ProviderServer.PlanResourceChange(ctx, &r)
	if err != nil || resp == nil {
		return resp, err
	}
	planned := was[1] // the prior's; null in a state from before nodes_differ: no change for it
	if isNull(r.PriorState, t.inner) || differing(was[1]) {
		planned = noNodes
	}
	if resp.PlannedState, err = t.with(resp.PlannedState, planned); err != nil {
		resp.Diagnostics = append(resp.Diagnostics, errorDiagnostics(err)...)
	}
	return resp, nil
}

// ApplyResourceChange answers nodes_differ as planned: the write went to every
// node (or failed, and the next read says again which nodes differ).
func (s *nodesDifferServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	t, err := s.typesOf(ctx, req.TypeName)
	r := *req
	var was []tftypes.Value
	if err == nil {
		was, err = t.stripAll(&r.Config, &r.PriorState, &r.PlannedState)
	}
	if err != nil {
		return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PriorState, Diagnostics: errorDiagnostics(err)}, nil
	}
	planned := was[2]
	ctx, written := dataplane.WithWritten(ctx)
	ctx, divergence := dataplane.WithDivergence(ctx)
	resp, err := s.ProviderServer.ApplyResourceChange(ctx, &r)
	if err != nil || resp == nil {
		return resp, err
	}
	resp.Diagnostics = append(resp.Diagnostics, leftOutWarnings(divergence)...)
	if partial := written.Nodes(); len(partial) > 0 && failedCreate(req.PriorState, r.PlannedState, resp, t) {
		// The create reached some nodes of a fleet and not others. The object is
		// kept in the state, which Terraform marks tainted: the next apply
		// replaces it on every node, instead of finding it on the canary and
		// failing for that.
		resp.NewState, planned = withoutUnknowns(r.PlannedState, t), nodeList(s.others(partial))
	}
	if resp.NewState, err = t.with(resp.NewState, planned); err != nil {
		resp.Diagnostics = append(resp.Diagnostics, errorDiagnostics(err)...)
	}
	return resp, nil
}

func (s *nodesDifferServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	resp, err := s.ProviderServer.ImportResourceState(ctx, req)
	if err != nil || resp == nil {
		return resp, err
	}
	for _, imported := range resp.ImportedResources {
		t, err := s.typesOf(ctx, imported.TypeName)
		if err == nil {
			imported.State, err = t.with(imported.State, noNodes)
		}
		if err != nil {
			resp.Diagnostics = append(resp.Diagnostics, errorDiagnostics(err)...)
		}
	}
	return resp, nil
}

// failedCreate tells whether an apply was a create that failed and left no
// state.
func failedCreate(prior, planned *tfprotov6.DynamicValue, resp *tfprotov6.ApplyResourceChangeResponse, t resourceTypes) bool {
	failed := slices.ContainsFunc(resp.Diagnostics, func(d *tfprotov6.Diagnostic) bool {
		return d.Severity == tfprotov6.DiagnosticSeverityError
	})
	return failed && isNull(prior, t.outer) && !isNull(planned, t.inner) && isNull(resp.NewState, t.inner)
}

// withoutUnknowns is a planned value with what only the apply would have
// known left null, as a state must be known.
func withoutUnknowns(dv *tfprotov6.DynamicValue, t resourceTypes) *tfprotov6.DynamicValue {
	v, err := dv.Unmarshal(t.inner)
	if err == nil {
		v, err = tftypes.Transform(v, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
			if !v.IsKnown() {
				return tftypes.NewValue(v.Type(), nil), nil
			}
			return v, nil
		})
	}
	if err != nil {
		return nil
	}
	out, err := tfprotov6.NewDynamicValue(t.inner, v)
	if err != nil {
		return nil
	}
	return &out
}

// others are the fleet's nodes not among names.
func (s *nodesDifferServer) others(names []string) []string {
	c, err := s.provider.configuredClient()
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range c.Nodes() {
		if !slices.Contains(names, n.Name) {
			out = append(out, n.Name)
		}
	}
	return out
}

// isNull tells whether a value is no object at all.
func isNull(dv *tfprotov6.DynamicValue, typ tftypes.Type) bool {
	if dv == nil {
		return true
	}
	v, err := dv.Unmarshal(typ)
	return err == nil && v.IsNull()
}
