package agent

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxy"
	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// adminStates are the states a server can be put in through the runtime API.
var adminStates = []string{"ready", "drain", "maint"}

var (
	errUnsupportedWords  = fmt.Errorf("%w: the server's keywords cannot be sent as they are", haproxy.ErrUnsupported)
	errUnsupportedChange = errors.New("only weight, address, port and maintenance change through the runtime API")
)

// runtimeContext bounds one runtime API change, drain included.
func (a *Agent) runtimeContext(c *call) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(c.r.Context()), a.opts.DrainTimeout+10*time.Second)
}

// plainWords tells whether words can be sent to the runtime API as they are: the
// CLI splits on blanks and reads ';' and '#', and knows no environment variables.
func plainWords(words []string) bool {
	for _, w := range words {
		if w == "" || strings.ContainsAny(w, " \t;#\\'\"$") {
			return false
		}
	}
	return true
}

// serverHook applies a committed server change to the running HAProxy through the
// runtime API: creates, deletes (drained first), and changes of weight, address,
// port and maintenance. Anything else, or any runtime failure, leaves it to a
// reload, which applies the file as committed.
func (a *Agent) serverHook(c *call, backend string, before, after *dataplane.Server) bool {
	if a.runtime == nil {
		return false
	}
	ctx, cancel := a.runtimeContext(c)
	defer cancel()
	start := time.Now()
	var err error
	switch {
	case before == nil:
		err = a.addServer(ctx, backend, *after)
	case after == nil:
		err = a.runtime.DeleteServer(ctx, backend, before.Name, a.opts.DrainTimeout)
	default:
		err = a.changeServer(ctx, backend, *before, *after)
	}
	if err != nil {
		a.log.Info("runtime API could not apply the change; reloading instead", "backend", backend, "error", err)
		return false
	}
	a.log.Debug("runtime server change", "backend", backend, "duration_ms", milliseconds(time.Since(start)))
	return true
}

func (a *Agent) addServer(ctx context.Context, backend string, s dataplane.Server) error {
	cfg, _, err := a.engine.Read("")
	if err != nil {
		return err
	}
	words, err := haproxycfg.Servers.Words(cfg, backend, s.Name)
	if err != nil {
		return err
	}
	defaults := haproxycfg.DefaultServerWords(cfg, backend)
	all := append(append([]string{}, defaults...), words[2:]...)
	if !plainWords(all) {
		return errUnsupportedWords
	}
	// The address comes first; the default-server keywords follow it so that the
	// server's own keywords, last, override them as in the file.
	args := append([]string{words[2]}, append(defaults, words[3:]...)...)
	return a.runtime.AddServer(ctx, backend, s.Name, args)
}

// changeServer applies what the runtime API can change; it refuses when anything
// else differs.
func (a *Agent) changeServer(ctx context.Context, backend string, before, after dataplane.Server) error {
	rest := after
	rest.Weight, rest.Address, rest.Port, rest.Maintenance = before.Weight, before.Address, before.Port, before.Maintenance
	rest.Metadata = before.Metadata // a comment: nothing for the running HAProxy
	if !reflect.DeepEqual(rest, before) || after.Weight == nil && before.Weight != nil {
		return errUnsupportedChange
	}
	if after.Address != before.Address || !reflect.DeepEqual(after.Port, before.Port) {
		if err := a.runtime.SetAddress(ctx, backend, after.Name, after.Address, after.Port); err != nil {
			return err
		}
	}
	if after.Weight != nil && !reflect.DeepEqual(after.Weight, before.Weight) {
		if err := a.runtime.SetWeight(ctx, backend, after.Name, *after.Weight); err != nil {
			return err
		}
	}
	if after.Maintenance != before.Maintenance {
		state := "ready"
		if after.Maintenance == dataplane.Enabled {
			state = "maint"
		}
		return a.runtime.SetAdminState(ctx, backend, after.Name, state)
	}
	return nil
}

// runtimeServer is a server's state as the official runtime_server model has it.
func runtimeServer(s haproxy.ServerState) dataplane.RuntimeServer {
	n := func(v int64) *int64 { return &v }
	return dataplane.RuntimeServer{
		Name: s.Name, Address: s.Address, Port: n(s.Port), AdminState: s.AdminState, OperationalState: s.OperationalState,
		Weight: n(s.Weight), ID: strconv.FormatInt(s.ID, 10), BackendID: n(s.BackendID), BackendName: s.BackendName,
		Uweight: n(s.Weight), Iweight: n(s.InitialWeight), LastTimeChange: n(s.SinceChange),
		CheckStatus: n(s.CheckStatus), CheckResult: n(s.CheckResult), CheckHealth: n(s.CheckHealth),
		CheckState: n(s.CheckState), AgentState: n(s.AgentState), BackendForcedID: n(s.BackendForcedID),
		ForcedID: n(s.ForcedID), FQDN: s.FQDN, SRVRecord: s.SRVRecord, UseSSL: s.UseSSL,
		CheckPort: n(s.CheckPort), CheckAddr: s.CheckAddr, AgentAddr: s.AgentAddr, AgentPort: n(s.AgentPort),
	}
}

// runtimeRoutes change the running HAProxy only; the configuration file is untouched.
func (a *Agent) runtimeRoutes() []*route {
	base := "/services/haproxy/runtime/backends/{parent}/servers"
	one := base + "/{name}"
	need := func() error {
		if a.runtime == nil {
			return errNoHAProxy
		}
		return nil
	}
	return []*route{
		{method: http.MethodGet, path: base, summary: "List a backend's servers as HAProxy runs them", reply: []dataplane.RuntimeServer{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				if err := need(); err != nil {
					return 0, nil, err
				}
				states, err := a.runtime.Servers(c.r.Context(), c.path("parent"))
				out := []dataplane.RuntimeServer{}
				for _, s := range states {
					out = append(out, runtimeServer(s))
				}
				return http.StatusOK, out, err
			}},
		{method: http.MethodGet, path: one, summary: "Read a server as HAProxy runs it", reply: dataplane.RuntimeServer{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				if err := need(); err != nil {
					return 0, nil, err
				}
				s, err := a.runtime.Server(c.r.Context(), c.path("parent"), c.path("name"))
				return http.StatusOK, runtimeServer(s), err
			}},
		{method: http.MethodPost, path: base, summary: "Add a server to the running HAProxy only", body: dataplane.Server{}, reply: dataplane.Server{}, codes: []int{201},
			handle: func(c *call) (int, any, error) {
				if err := need(); err != nil {
					return 0, nil, err
				}
				s, err := decode[dataplane.Server](c)
				if err != nil {
					return 0, nil, err
				}
				words, err := haproxycfg.DynamicServerWords(s, a.allowFile())
				if err != nil {
					return 0, nil, err
				}
				if !plainWords(words) {
					return 0, nil, errUnsupportedWords
				}
				return http.StatusCreated, s, a.runtime.AddServer(c.r.Context(), c.path("parent"), s.Name, words)
			}},
		{method: http.MethodPut, path: one, summary: "Change a server's state, weight or address in the running HAProxy only", body: dataplane.RuntimeServer{}, reply: dataplane.RuntimeServer{}, codes: []int{200},
			handle: func(c *call) (int, any, error) {
				if err := need(); err != nil {
					return 0, nil, err
				}
				s, err := decode[dataplane.RuntimeServer](c)
				if err != nil {
					return 0, nil, err
				}
				if err := a.setRuntimeServer(c, s); err != nil {
					return 0, nil, err
				}
				// The answer is the server as it now runs, as the official server answers.
				now, err := a.runtime.Server(c.r.Context(), c.path("parent"), c.path("name"))
				return http.StatusOK, runtimeServer(now), err
			}},
		{method: http.MethodDelete, path: one, summary: "Drain and delete a server from the running HAProxy only", codes: []int{204},
			handle: func(c *call) (int, any, error) {
				if err := need(); err != nil {
					return 0, nil, err
				}
				ctx, cancel := a.runtimeContext(c)
				defer cancel()
				return http.StatusNoContent, nil, a.runtime.DeleteServer(ctx, c.path("parent"), c.path("name"), a.opts.DrainTimeout)
			}},
	}
}

func (a *Agent) setRuntimeServer(c *call, s dataplane.RuntimeServer) error {
	ctx, backend, name := c.r.Context(), c.path("parent"), c.path("name")
	if s.AdminState != "" && !slices.Contains(adminStates, s.AdminState) {
		return fmt.Errorf("%w: admin_state %q is not one of %s", errBadParameter, s.AdminState, strings.Join(adminStates, ", "))
	}
	if s.Address != "" || s.Port != nil {
		cur, err := a.runtime.Server(ctx, backend, name)
		if err != nil {
			return err
		}
		address := cmp.Or(s.Address, cur.Address)
		if err := a.runtime.SetAddress(ctx, backend, name, address, s.Port); err != nil {
			return err
		}
	}
	if s.Weight != nil {
		if err := a.runtime.SetWeight(ctx, backend, name, *s.Weight); err != nil {
			return err
		}
	}
	if s.AdminState != "" {
		return a.runtime.SetAdminState(ctx, backend, name, s.AdminState)
	}
	return nil
}
