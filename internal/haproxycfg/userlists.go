package haproxycfg

import (
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// Users is the view of the `user <name> [password <hash>|insecure-password
// <password>] [groups <g>[,<g>...]]` lines of userlists. A password is a
// secret: no error names its value, so that neither an answer nor the agent's
// log shows it.
var Users = ChildView[dataplane.User]{
	parent: "userlist", keyword: "user",
	name:      func(l *Line) string { return l.words[1] },
	modelName: func(u *dataplane.User) string { return u.Username },
	read:      readUser,
	metadata:  func(u *dataplane.User) *dataplane.Metadata { return &u.Metadata },
	check: func(u *dataplane.User) error {
		return firstError(
			checkPassword(u.Password), // first: the later checks may quote values
			checkStrings(u),
			checkName("username", u.Username),
			checkNameList("groups", u.Groups),
		)
	},
	line: func(c *Config, l *Line, u *dataplane.User) *Line {
		w := []string{"user", u.Username}
		switch {
		case u.Password == "":
		case u.SecurePassword:
			w = append(w, "password", u.Password)
		default:
			w = append(w, "insecure-password", u.Password)
		}
		if u.Groups != "" {
			w = append(w, "groups", u.Groups)
		}
		if l == nil {
			return newLine(strings.Join(w, " ") + c.eol)
		}
		return rewriteChanged(l, w)
	},
}

func readUser(l *Line) dataplane.User {
	u := dataplane.User{Username: l.words[1]}
	for i := 2; i+1 < len(l.words); i++ {
		switch l.words[i] {
		case "password", "insecure-password":
			u.Password, u.SecurePassword = l.spell(i+1), l.words[i] == "password"
		case "groups":
			u.Groups = l.spell(i + 1)
		default:
			continue
		}
		i++
	}
	return u
}

// checkPassword checks that a password (or its hash) is one word of
// haproxy.cfg, as spelled, that HAProxy reads as written. Its errors never
// quote it.
func checkPassword(p string) error {
	if p == "" {
		return nil
	}
	const how = "must be one word as haproxy.cfg spells it (in single quotes when it has blanks, '#', quotes or '$'); the value is a secret and not repeated here"
	if len(p) > MaxValueLength || hasControl(p) || expandsEnv(p) {
		return &FieldError{"password", how}
	}
	l := newLine("x " + p)
	if len(l.words) != 2 || l.spell(1) != p || lineProblem(l) != "" {
		return &FieldError{"password", how}
	}
	return nil
}

// checkNameList checks a comma-separated list of names (a user's groups, a
// group's users).
func checkNameList(field, v string) error {
	if v == "" {
		return nil
	}
	for _, n := range strings.Split(v, ",") {
		if err := checkName(field, n); err != nil {
			return err
		}
	}
	return nil
}

// Groups is the view of the `group <name> [users <u>[,<u>...]]` lines of userlists.
var Groups = ChildView[dataplane.Group]{
	parent: "userlist", keyword: "group",
	name:      func(l *Line) string { return l.words[1] },
	modelName: func(g *dataplane.Group) string { return g.Name },
	metadata:  func(g *dataplane.Group) *dataplane.Metadata { return &g.Metadata },
	read: func(l *Line) dataplane.Group {
		g := dataplane.Group{Name: l.words[1]}
		for i := 2; i+1 < len(l.words); i++ {
			if l.words[i] == "users" {
				g.Users = l.spell(i + 1)
				i++
			}
		}
		return g
	},
	check: func(g *dataplane.Group) error {
		return firstError(checkStrings(g), checkName("name", g.Name), checkNameList("users", g.Users))
	},
	line: func(c *Config, l *Line, g *dataplane.Group) *Line {
		w := []string{"group", g.Name}
		if g.Users != "" {
			w = append(w, "users", g.Users)
		}
		if l == nil {
			return newLine(strings.Join(w, " ") + c.eol)
		}
		return rewriteChanged(l, w)
	},
}

// Userlists is the view of the `userlist` sections.
var Userlists = otherSection("userlist",
	func(u *dataplane.Userlist) *string { return &u.Name },
	func(u *dataplane.Userlist) *dataplane.Metadata { return &u.Metadata },
	nil, nil,
	namedPart("groups", Groups, func(u *dataplane.Userlist) *map[string]dataplane.Group { return &u.Groups },
		func(g *dataplane.Group) *string { return &g.Name }),
	namedPart("users", Users, func(u *dataplane.Userlist) *map[string]dataplane.User { return &u.Users },
		func(u *dataplane.User) *string { return &u.Username }))
