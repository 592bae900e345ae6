package provider

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/patternfile"
)

// A map file line is a key, blanks, and the value: a key has no blanks and
// does not start with '#' (a comment), a value is not empty and has no line
// breaks and no blanks at either end (HAProxy would drop them).
var (
	mapKeyValidators = []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[^\s#\x00-\x1f\x7f][^\s\x00-\x1f\x7f]*$`),
		"must be a map key: no blanks or control characters, not starting with `#`"), noPayloadMark}
	mapValueValidators = []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$`),
		"must be a map value: not empty, no control characters, no blanks at either end"), noPayloadMark}
	// noPayloadMark: the runtime API reads a command line that ends with `<<`
	// as the start of a payload.
	noPayloadMark = stringvalidator.RegexMatches(regexp.MustCompile(`(^|[^<]|(^|[^<])<)$`), "must not end with `<<`, which the runtime API reads as the start of a payload")
)

// mapResource is a map file the agent stores in its map directory, with all
// its entries, for map converters (`map(<file>)`) and ACLs (`-f <file>`).
type mapResource struct{ client *dataplane.Client }

var _ resource.ResourceWithImportState = (*mapResource)(nil)

type mapModel struct {
	ID      types.String `tfsdk:"id"`
	Name    types.String `tfsdk:"name"`
	Entries types.Map    `tfsdk:"entries"`
	File    types.String `tfsdk:"file"`
}

func (m *mapModel) entries(ctx context.Context, diags *diag.Diagnostics) map[string]string {
	out := map[string]string{}
	diags.Append(m.Entries.ElementsAs(ctx, &out, false)...)
	return out
}

// content is the map file: a line per entry, in key order.
func content(entries map[string]string) []byte {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(entries)) {
		b.WriteString(patternfile.Line(patternfile.Map, k, entries[k]) + "\n")
	}
	return []byte(b.String())
}

func (r *mapResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_map"
}

func (r *mapResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = rschema.Schema{
		Description: "A map file the agent stores in its map directory (`--maps-dir`; the official API's `storage/maps`), " +
			"with all its entries, for map converters (`use_backend %[req.hdr(host),lower,map(<file>,be_default)]`) and " +
			"ACLs (`-f <file>`). A change writes the file whole; where HAProxy has the map loaded, our agent replaces its " +
			"entries in the running HAProxy too, all at once and with no reload. The resource owns every entry: use either " +
			"it or `haproxy_map_entry` for a map. Import with the file's name.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{Computed: true, Description: "The file's name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": rschema.StringAttribute{Required: true, Validators: fileNameValidators,
				Description:   "The file's name in the map directory, such as `hosts.map`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"entries": rschema.MapAttribute{Optional: true, ElementType: types.StringType,
				Description: "The map's entries, value by key: a key has no blanks, a value no blanks at either end.",
				Validators: []validator.Map{mapvalidator.KeysAre(mapKeyValidators...),
					mapvalidator.ValueStringsAre(mapValueValidators...)}},
			"file": rschema.StringAttribute{Computed: true, Description: "The file's path on the agent's host, for `map(<file>)` and `-f <file>`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		},
	}
}

func (r *mapResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *mapResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Storing", r.client.CreateMapFile)
}

func (r *mapResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readLoaded(ctx, req, resp, r.load)
}

// Update writes the file whole. Our agent replaces the entries of a map HAProxy
// has loaded in the running HAProxy too, all at once and with no reload; the
// official API reloads.
func (r *mapResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, "Updating", r.client.ReplaceMapFile)
}

// write sends the planned file with send (a create or a replace; doing says
// which in an error) and reads it back.
func (r *mapResource) write(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics, doing string,
	send func(ctx context.Context, name string, content []byte) error) {
	var m mapModel
	diags.Append(plan.Get(ctx, &m)...)
	want := m.entries(ctx, diags)
	if diags.HasError() {
		return
	}
	name := m.Name.ValueString()
	if err := send(ctx, name, content(want)); err != nil {
		diags.AddError(doing+" map "+name, takeover(err, "map", name).Error())
		return
	}
	setLoaded(ctx, &m, state, diags, r.load, "map "+name)
}

func (r *mapResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByName(ctx, req, resp, "map", r.client.DeleteMapFile)
}

// ImportState takes the file's name.
func (r *mapResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByName(ctx, req, resp)
}

// load reads the stored file into m; false when there is none. The entries are
// the file's lines; where a key repeats, the first is the one HAProxy finds.
func (r *mapResource) load(ctx context.Context, m *mapModel, diags *diag.Diagnostics) bool {
	name := m.Name.ValueString()
	data, err := r.client.MapFileContent(ctx, name)
	if dataplane.IsNotFound(err) {
		return false
	}
	var file string
	if err == nil {
		file, err = storedFile(ctx, r.client, name)
	}
	if err != nil {
		diags.AddError("Reading map "+name, err.Error())
		return false
	}
	entries := map[string]string{}
	for _, e := range patternfile.Parse(data, patternfile.Map) {
		if _, ok := entries[e.Key]; !ok {
			entries[e.Key] = e.Value
		}
	}
	m.ID, m.File = types.StringValue(name), types.StringValue(file)
	if len(entries) > 0 || !m.Entries.IsNull() {
		var d diag.Diagnostics
		m.Entries, d = types.MapValueFrom(ctx, types.StringType, entries)
		diags.Append(d...)
	}
	return true
}

// storedFile is the path of a stored map file on the agent's host: the file
// of that name, or with .map added, as the official API names a map it stores.
func storedFile(ctx context.Context, c *dataplane.Client, name string) (string, error) {
	// Each node of a fleet is compared on this file alone.
	return dataplane.ReadEach(ctx, c, func(ctx context.Context) (string, error) {
		stored, err := c.MapFiles(ctx)
		file := ""
		for _, f := range stored {
			if f.StorageName == name || f.StorageName == name+".map" && file == "" {
				file = f.File
			}
		}
		return file, err
	}, func(canary, other string) bool { return canary == other })
}

// mapEntryResource is one entry of a map HAProxy has loaded, changed in the
// running HAProxy and in the file with no reload.
type mapEntryResource struct{ client *dataplane.Client }

var _ resource.ResourceWithImportState = (*mapEntryResource)(nil)

type mapEntryModel struct {
	ID    types.String `tfsdk:"id"`
	Map   types.String `tfsdk:"map"`
	Key   types.String `tfsdk:"key"`
	Value types.String `tfsdk:"value"`
}

func (r *mapEntryResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_map_entry"
}

func (r *mapEntryResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = rschema.Schema{
		Description: "One entry of a map file HAProxy has loaded (a map converter or an ACL's `-f` names it), changed in " +
			"the running HAProxy and in the file with no reload (the official API's `runtime/maps/<map>/entries`). For " +
			"maps whose other entries are written by hand or by another system; a map that Terraform owns whole is a " +
			"`haproxy_map`. Import with `<map>/<key>`.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{Computed: true, Description: "`<map>/<key>`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"map": rschema.StringAttribute{Required: true, Validators: fileNameValidators, PlanModifiers: replace,
				Description: "The map file's name in the map directory, such as `hosts.map`."},
			"key": rschema.StringAttribute{Required: true, Validators: mapKeyValidators, PlanModifiers: replace,
				Description: "The entry's key: no blanks, not starting with `#`."},
			"value": rschema.StringAttribute{Required: true, Validators: mapValueValidators,
				Description: "The entry's value: no blanks at either end."},
		},
	}
}

func (r *mapEntryResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (m *mapEntryModel) entry() dataplane.MapEntry {
	return dataplane.MapEntry{Key: m.Key.ValueString(), Value: m.Value.ValueString()}
}

func (r *mapEntryResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, r.client.AddMapEntry)
}

func (r *mapEntryResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.write(ctx, req.Plan, &resp.State, &resp.Diagnostics, r.client.ReplaceMapEntry)
}

func (r *mapEntryResource) write(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics,
	send func(context.Context, string, dataplane.MapEntry) error) {
	var m mapEntryModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	if err := send(ctx, m.Map.ValueString(), m.entry()); err != nil {
		diags.AddError("Writing entry "+m.Key.ValueString()+" of map "+m.Map.ValueString(), err.Error())
		return
	}
	setLoaded(ctx, &m, state, diags, r.load, "entry "+m.Key.ValueString()+" of map "+m.Map.ValueString())
}

func (r *mapEntryResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	readLoaded(ctx, req, resp, r.load)
}

// load reads the entry as the running HAProxy has it into m; false when
// there is none.
func (r *mapEntryResource) load(ctx context.Context, m *mapEntryModel, diags *diag.Diagnostics) bool {
	got, err := r.client.MapEntry(ctx, m.Map.ValueString(), m.Key.ValueString())
	if dataplane.IsNotFound(err) {
		return false
	}
	if err != nil {
		diags.AddError("Reading entry "+m.Key.ValueString()+" of map "+m.Map.ValueString(), err.Error())
		return false
	}
	m.ID = types.StringValue(m.Map.ValueString() + "/" + m.Key.ValueString())
	m.Value = types.StringValue(got.Value)
	return true
}

func (r *mapEntryResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m mapEntryModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteMapEntry(ctx, m.Map.ValueString(), m.Key.ValueString()); err != nil && !dataplane.IsNotFound(err) {
		resp.Diagnostics.AddError("Deleting entry "+m.Key.ValueString()+" of map "+m.Map.ValueString(), err.Error())
	}
}

// ImportState takes `<map>/<key>`: a map's name has no '/', a key may.
func (r *mapEntryResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	mapName, key, ok := strings.Cut(req.ID, "/")
	if !ok || mapName == "" || key == "" {
		resp.Diagnostics.AddError("Bad import ID", "want <map>/<key>, such as hosts.map/example.com; got "+req.ID)
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("map"), mapName)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("key"), key)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}
