package importgen

import (
	"context"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"sync"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Difference is an object whose copies differ between the nodes of a fleet.
type Difference struct {
	Object
	// Nodes are the nodes whose copy differs from the first node's (the
	// canary's), another document or none at all.
	Nodes []string
	// NotOnCanary says that the first node lacks the object: it is not
	// imported, and the nodes in Nodes have it.
	NotOnCanary bool
}

// readsAtOnce bounds the objects read at once from the nodes (each read asks
// every node).
const readsAtOnce = 8

// FromNodes takes the inventory of the first of a fleet's nodes (the canary),
// which is what is imported, and finds the objects that differ between the
// nodes: it takes every node's inventory, and reads every object any node has
// through the fleet's client, as its resource would, and the fleet names the
// nodes whose answer differs from the canary's (dataplane.WithDivergence).
func FromNodes(ctx context.Context, fleet *dataplane.Client) (Inventory, []Difference, error) {
	nodes := fleet.Nodes()
	invs := make([]Inventory, len(nodes))
	err := dataplane.AllNodes(ctx, fleet, func(ctx context.Context, i int, _ string) (err error) {
		invs[i], err = FromAPI(ctx, nodes[i].Client)
		return err
	})
	if err != nil {
		return Inventory{}, nil, err
	}

	// Every object of the canary, then those only other nodes have.
	var objs []Object
	var keys []string
	has := make([]map[string]bool, len(nodes)) // by node, the objects it has
	seen := map[string]bool{}
	for i, inv := range invs {
		has[i] = map[string]bool{}
		for o, key := range keyed(inv.Objects()) {
			has[i][key] = true
			if !seen[key] {
				seen[key] = true
				objs, keys = append(objs, o), append(keys, key)
			}
		}
	}

	differences := make([]*Difference, len(objs))
	errs := make([]error, len(objs))
	var wg sync.WaitGroup
	slots := make(chan struct{}, readsAtOnce)
	for i, o := range objs {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			missing := !has[0][keys[i]]
			var differ []string
			if o.Type == "haproxy_acl" {
				// An ACL is all its key says: the nodes that differ are
				// those that have it where the canary has not, or not
				// where the canary has.
				for j, n := range nodes[1:] {
					if has[j+1][keys[i]] == missing {
						differ = append(differ, n.Name)
					}
				}
			} else {
				ctx, divergence := dataplane.WithDivergence(ctx)
				err := o.read(ctx, fleet)
				if err != nil && !(missing && dataplane.IsNotFound(err)) {
					errs[i] = fmt.Errorf("reading %s %s: %w", o.Type, o.Identity, err)
					return
				}
				differ = divergence.Nodes()
			}
			if len(differ) > 0 || missing {
				differences[i] = &Difference{Object: o, Nodes: differ, NotOnCanary: missing}
			}
		})
	}
	wg.Wait()
	var out []Difference
	for i, d := range differences {
		if errs[i] != nil {
			return Inventory{}, nil, errs[i]
		}
		if d != nil {
			out = append(out, *d)
		}
	}
	return invs[0], out, nil
}

// keyed is each object with what tells it from the others of a fleet's
// nodes: its type and identity, and for an ACL line, which may be there more
// than once, which of the equal lines of its section it is (not its index: a
// line that moved is the same line).
func keyed(objs []Object) iter.Seq2[Object, string] {
	return func(yield func(Object, string) bool) {
		count := map[string]int{}
		for _, o := range objs {
			key := o.Type + " " + o.Identity
			if o.Type == "haproxy_acl" {
				count[key]++
				key += fmt.Sprintf(" (%d)", count[key])
			}
			if !yield(o, key) {
				return
			}
		}
	}
}

// read reads o through c as its resource reads it: one request, which a
// fleet's client sends to every node and compares. An ACL line has no read of
// its own (its resource reads its section's list).
func (o Object) read(ctx context.Context, c *dataplane.Client) error {
	at := o.at
	var err error
	switch o.Type {
	case "haproxy_global":
		_, err = c.GlobalRaw(ctx)
	case "haproxy_defaults":
		_, err = c.DefaultsSection(ctx, at.name)
	case "haproxy_frontend":
		_, err = c.Frontend(ctx, at.name)
	case "haproxy_backend":
		_, err = c.Backend(ctx, at.name)
	case "haproxy_listen":
		_, err = c.Listen(ctx, at.name)
	case "haproxy_server":
		_, err = c.ServerIn(ctx, at.kind, at.parent, at.name)
	case "haproxy_bind":
		_, err = c.BindIn(ctx, at.kind, at.parent, at.name)
	case "haproxy_resolvers":
		_, err = c.Resolver(ctx, at.name)
	case "haproxy_section":
		_, err = c.OtherSection(ctx, dataplane.BodySectionPaths[at.kind], at.name)
	case "haproxy_map":
		_, err = c.MapFileContent(ctx, at.name)
	default:
		i := slices.IndexFunc(lists, func(l listKind) bool { return l.resource == o.Type })
		if i < 0 {
			return fmt.Errorf("no read for %s: this is a bug in generate-imports", o.Type)
		}
		_, err = lists[i].fromAPI(ctx, c, at.kind, at.parent)
	}
	return err
}

// reportDifferences lists on stderr the objects that differ between the nodes.
func reportDifferences(stderr io.Writer, nodes []dataplane.NodeInfo, differences []Difference) {
	canary := nodes[0].Name
	if len(differences) == 0 {
		fmt.Fprintf(stderr, "generate-imports: every object is the same on the %d nodes\n", len(nodes))
		return
	}
	what := "objects differ"
	if len(differences) == 1 {
		what = "object differs"
	}
	fmt.Fprintf(stderr, "generate-imports: %d %s between the nodes; the imports are of %s's, the first --url:\n", len(differences), what, canary)
	for _, d := range differences {
		if d.NotOnCanary {
			fmt.Fprintf(stderr, "  %s %s: not on %s, on %s\n", d.Type, d.Identity, canary, strings.Join(d.Nodes, ", "))
		} else {
			fmt.Fprintf(stderr, "  %s %s: differs on %s\n", d.Type, d.Identity, strings.Join(d.Nodes, ", "))
		}
	}
}
