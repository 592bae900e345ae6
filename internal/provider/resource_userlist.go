package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// userlistResource is a `userlist` section with its users and groups, which
// frontends and backends check credentials against (http_auth). The section
// owns them: a userlist is its users.
type userlistResource struct{ client *dataplane.Client }

var (
	_ resource.ResourceWithImportState = (*userlistResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userlistResource)(nil)
)

type userModel struct {
	Password       types.String   `tfsdk:"password"`
	SecurePassword types.Bool     `tfsdk:"secure_password"`
	Groups         []types.String `tfsdk:"groups"`
}

type groupModel struct {
	Users []types.String `tfsdk:"users"`
}

type userlistModel struct {
	ID     types.String          `tfsdk:"id"`
	Name   types.String          `tfsdk:"name"`
	Users  map[string]userModel  `tfsdk:"users"`
	Groups map[string]groupModel `tfsdk:"groups"`
}

// joinNames is a list attribute as the API's comma-separated names.
func joinNames(v []types.String) string {
	names := make([]string, 0, len(v))
	for _, s := range v {
		names = append(names, s.ValueString())
	}
	return strings.Join(names, ",")
}

// splitNames is the API's comma-separated names as a list attribute: null
// when there are none, unless the prior value is an empty list.
func splitNames(s string, prior []types.String) []types.String {
	if s == "" {
		if prior != nil {
			return []types.String{}
		}
		return nil
	}
	var out []types.String
	for _, n := range strings.Split(s, ",") {
		out = append(out, types.StringValue(n))
	}
	return out
}

// userlist is the API's model of the attributes.
func (m *userlistModel) userlist() dataplane.Userlist {
	u := dataplane.Userlist{Name: m.Name.ValueString()}
	for name, user := range m.Users {
		if u.Users == nil {
			u.Users = map[string]dataplane.User{}
		}
		u.Users[name] = dataplane.User{Username: name, Password: user.Password.ValueString(),
			SecurePassword: user.SecurePassword.ValueBool(), Groups: joinNames(user.Groups)}
	}
	for name, group := range m.Groups {
		if u.Groups == nil {
			u.Groups = map[string]dataplane.Group{}
		}
		u.Groups[name] = dataplane.Group{Name: name, Users: joinNames(group.Users)}
	}
	return u
}

// set makes the attributes say what u says; empty maps and lists the prior
// state has stay empty.
func (m *userlistModel) set(u dataplane.Userlist) {
	m.ID, m.Name = types.StringValue(u.Name), types.StringValue(u.Name)
	users, groups := m.Users, m.Groups
	m.Users, m.Groups = nil, nil
	if users != nil || len(u.Users) > 0 {
		m.Users = map[string]userModel{}
	}
	for name, user := range u.Users {
		m.Users[name] = userModel{Password: types.StringValue(user.Password), SecurePassword: types.BoolValue(user.SecurePassword),
			Groups: splitNames(user.Groups, users[name].Groups)}
	}
	if groups != nil || len(u.Groups) > 0 {
		m.Groups = map[string]groupModel{}
	}
	for name, group := range u.Groups {
		m.Groups[name] = groupModel{Users: splitNames(group.Users, groups[name].Users)}
	}
}

func (r *userlistResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_userlist"
}

func (r *userlistResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	names := []validator.List{listvalidator.ValueStringsAre(attribute{pattern: nameChars}.stringValidators()...)}
	resp.Schema = rschema.Schema{
		Description: "A `userlist` section of haproxy.cfg, whose users frontends and backends check credentials against " +
			"(`http_auth(<userlist>)`), with its `user` and `group` lines. The resource owns them: users and groups the " +
			"attributes leave out are removed. Import with the section's name.",
		Attributes: map[string]rschema.Attribute{
			"id": rschema.StringAttribute{Computed: true, Description: "The section's name.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"name": rschema.StringAttribute{Required: true, Description: "Name of the userlist. Letters, digits and `-`, `_`, `.`, `:`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
				Validators:    attribute{pattern: nameChars}.stringValidators()},
			"users": rschema.MapNestedAttribute{Optional: true,
				Description: "The `user <name> password <hash>` (or `insecure-password <password>`) lines, keyed by user name.",
				NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
					"password": rschema.StringAttribute{Required: true, Sensitive: true,
						Description: "The crypt(3) hash of the password (`mkpasswd -m sha-512`, `openssl passwd -6`), or with " +
							"`secure_password = false` the password itself, as haproxy.cfg spells it (in single quotes when it " +
							"has blanks or `#`). Read back as the file holds it; a hand edit shows as drift.",
						Validators: []validator.String{stringvalidator.LengthAtLeast(1), noControlCharacters}},
					"secure_password": rschema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
						Description: "Whether `password` is a hash (`password`, the default) or the password itself (`insecure-password`)."},
					"groups": rschema.ListAttribute{Optional: true, ElementType: types.StringType, Validators: names,
						Description: "The groups the user is in (`groups a,b`)."},
				}}},
			"groups": rschema.MapNestedAttribute{Optional: true,
				Description: "The `group <name> [users a,b]` lines, keyed by group name.",
				NestedObject: rschema.NestedAttributeObject{Attributes: map[string]rschema.Attribute{
					"users": rschema.ListAttribute{Optional: true, ElementType: types.StringType, Validators: names,
						Description: "The users in the group (`users a,b`); users may also name their groups."},
				}}},
		},
	}
}

func (r *userlistResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan has our agent check a new userlist with haproxy -c (dry_run), so
// that what HAProxy refuses (a user naming a group that is not there) fails
// `terraform plan`. An update is several writes, checked as it is applied.
func (r *userlistResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() || !dryRunPlanned(ctx, req, r.client) {
		return
	}
	var m userlistModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.client.CreateUserlist(ctx, m.userlist(), dataplane.WriteOptions{DryRun: true})
	switch {
	case dataplane.IsExists(err):
		resp.Diagnostics.AddAttributeError(path.Root("name"), "The userlist exists already", takeover(err, "userlist", m.Name.ValueString()).Error())
	case err != nil:
		resp.Diagnostics.AddError("HAProxy rejects the userlist", err.Error())
	}
}

func (r *userlistResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m userlistModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.CreateUserlist(ctx, m.userlist(), dataplane.WriteOptions{}); err != nil {
		resp.Diagnostics.AddError("Creating userlist "+m.Name.ValueString(), takeover(err, "userlist", m.Name.ValueString()).Error())
		return
	}
	r.readInto(ctx, &m, &resp.State, &resp.Diagnostics)
}

func (r *userlistResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m userlistModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := r.client.Userlist(ctx, m.Name.ValueString())
	if dataplane.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Reading userlist "+m.Name.ValueString(), err.Error())
		return
	}
	m.set(got)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update makes the userlist's users and groups what the plan says, with the
// official API's calls for users and groups (it has no replace of a whole
// userlist). Each write is checked by HAProxy, and users and groups name each
// other, so new ones are first added naming nothing, then every changed one
// is written as planned, and last the ones left out are deleted: no write
// names what is not there.
func (r *userlistResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m userlistModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name, want := m.Name.ValueString(), m.userlist()
	// Each node of a fleet gets the writes that make its copy what the plan says.
	if err := dataplane.EachNode(ctx, r.client, func(ctx context.Context, _ string) error { return r.sync(ctx, name, want) }); err != nil {
		resp.Diagnostics.AddError("Updating userlist "+name, err.Error())
		return
	}
	r.readInto(ctx, &m, &resp.State, &resp.Diagnostics)
}

// sync makes the userlist's users and groups want, from what they are.
func (r *userlistResource) sync(ctx context.Context, name string, want dataplane.Userlist) error {
	o := dataplane.WriteOptions{}
	cur, err := r.client.Userlist(ctx, name)
	if dataplane.IsNotFound(err) {
		return r.client.CreateUserlist(ctx, want, o) // a node of a fleet that lacks it
	}
	if err != nil {
		return err
	}
	for n, u := range want.Users {
		if _, ok := cur.Users[n]; !ok {
			bare := u
			bare.Groups = ""
			if err := r.client.CreateUser(ctx, name, bare, o); err != nil {
				return err
			}
		}
	}
	for n := range want.Groups {
		if _, ok := cur.Groups[n]; !ok {
			if err := r.client.CreateGroup(ctx, name, dataplane.Group{Name: n}, o); err != nil {
				return err
			}
		}
	}
	for n, u := range want.Users {
		c, ok := cur.Users[n]
		if ok && c.Password == u.Password && c.SecurePassword == u.SecurePassword && c.Groups == u.Groups || !ok && u.Groups == "" {
			continue
		}
		if err := r.client.ReplaceUser(ctx, name, u, o); err != nil {
			return err
		}
	}
	for n, g := range want.Groups {
		if c, ok := cur.Groups[n]; ok && c.Users == g.Users || !ok && g.Users == "" {
			continue
		}
		if err := r.client.ReplaceGroup(ctx, name, g, o); err != nil {
			return err
		}
	}
	for n := range cur.Users {
		if _, ok := want.Users[n]; !ok {
			if err := r.client.DeleteUser(ctx, name, n); err != nil && !dataplane.IsNotFound(err) {
				return err
			}
		}
	}
	for n := range cur.Groups {
		if _, ok := want.Groups[n]; !ok {
			if err := r.client.DeleteGroup(ctx, name, n); err != nil && !dataplane.IsNotFound(err) {
				return err
			}
		}
	}
	return nil
}

func (r *userlistResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	deleteByName(ctx, req, resp, "userlist", r.client.DeleteUserlist)
}

// ImportState takes the userlist's name.
func (r *userlistResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByName(ctx, req, resp)
}

// readInto reads the userlist after a write into the state.
func (r *userlistResource) readInto(ctx context.Context, m *userlistModel, state *tfsdk.State, diags *diag.Diagnostics) {
	got, err := r.client.Userlist(ctx, m.Name.ValueString())
	if err != nil {
		diags.AddError("Reading userlist "+m.Name.ValueString(), err.Error())
		return
	}
	m.set(got)
	diags.Append(state.Set(ctx, m)...)
}
