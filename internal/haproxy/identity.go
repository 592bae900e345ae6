package haproxy

import (
	"fmt"
	"os/user"
	"strconv"
)

// Identity is a user `haproxy -c` runs as, so that a configuration under check
// (its `lua-load` scripts run during the check) cannot act as the agent's own,
// often root, user.
type Identity struct {
	Name   string
	UID    uint32
	GID    uint32
	Groups []uint32 // supplementary groups, such as Debian's ssl-cert for private keys
}

func (id *Identity) String() string { return fmt.Sprintf("%s (uid %d)", id.Name, id.UID) }

// LookupIdentity finds a user by name or numeric ID, with its groups.
func LookupIdentity(name string) (*Identity, error) {
	u, err := user.Lookup(name)
	if err != nil {
		var uerr error
		if u, uerr = user.LookupId(name); uerr != nil {
			return nil, fmt.Errorf("no user %q: %w", name, err)
		}
	}
	id := &Identity{Name: u.Username}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("user %q: uid %q is not a number", name, u.Uid)
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, fmt.Errorf("user %q: gid %q is not a number", name, u.Gid)
	}
	id.UID, id.GID = uint32(uid), uint32(gid)
	groups, err := u.GroupIds()
	if err != nil {
		return nil, fmt.Errorf("user %q: its groups: %w", name, err)
	}
	for _, g := range groups {
		n, err := strconv.ParseUint(g, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("user %q: group id %q is not a number", name, g)
		}
		id.Groups = append(id.Groups, uint32(n))
	}
	return id, nil
}

// CheckUsers are the users a root agent checks configurations as by default,
// the first that exists: Debian's and most packages' `haproxy`, then `nobody`.
var CheckUsers = []string{"haproxy", "nobody"}

// CheckIdentity says whom `haproxy -c` runs as. name is the operator's choice
// (a user name or ID), or empty for the default: when the agent runs as root,
// the first of CheckUsers that exists; otherwise the agent's own user, already
// unprivileged. A nil Identity runs the check as the agent's own user, as name
// "root" (or the agent's own user) asks.
func CheckIdentity(name string) (*Identity, error) {
	self := currentUID()
	if name == "" {
		if self != 0 {
			return nil, nil
		}
		for _, n := range CheckUsers {
			if id, err := LookupIdentity(n); err == nil {
				return id, nil
			}
		}
		return nil, fmt.Errorf("none of the users %v exists to run `haproxy -c` as, instead of root", CheckUsers)
	}
	id, err := LookupIdentity(name)
	switch {
	case err != nil:
		return nil, err
	case id.UID == uint32(self):
		return nil, nil
	case self != 0:
		return nil, fmt.Errorf("running `haproxy -c` as %s needs the agent to run as root", id)
	case !credentialsSupported:
		return nil, fmt.Errorf("running `haproxy -c` as another user is not supported on this system")
	}
	return id, nil
}
