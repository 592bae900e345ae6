// Package filedirs holds the directories in which values from the API may name
// files (map and pattern files, certificates, files a rule serves), and keeps
// HAProxy's messages about files outside them from reaching API clients: HAProxy
// quotes what it read from a file it could not use, so a value naming any file
// would make the agent an oracle for the files of its host.
package filedirs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/haproxycfg"
)

// Dir is one kind of directory: the agent's flag for it, named as the official
// Data Plane API names it, and its default, beside the config (the official
// defaults are these beside /etc/haproxy/haproxy.cfg).
type Dir struct {
	Flag    string
	Default string // relative to the config's directory
	Usage   string
}

// Kinds are the directories an operator configures. A value may name a file in
// any of them; the names say what each is meant for.
var Kinds = []Dir{
	{MapsFlag, "maps", "directory of the map and ACL pattern files (-f, map converters) that API values may name"},
	{SSLCertsFlag, "ssl", "directory of the certificates, CA files and crt-lists that API values may name"},
	{"general-storage-dir", "general", "directory of the other files API values may name: files an http-request return serves, UNIX sockets of binds"},
}

// The flags of the directories the agent's storage endpoints write in: the
// map and ACL pattern files', and the certificates'.
const (
	MapsFlag     = "maps-dir"
	SSLCertsFlag = "ssl-certs-dir"
)

// Kind is the kind of directory whose flag is flag; there must be one.
func Kind(flag string) Dir {
	for _, k := range Kinds {
		if k.Flag == flag {
			return k
		}
	}
	panic("filedirs: no kind of directory has the flag " + flag)
}

// Beside is the kind's default directory for the configuration file config.
func (k Dir) Beside(config string) string { return filepath.Join(filepath.Dir(config), k.Default) }

// Defaults allows the default directories of every kind beside config, an
// absolute path.
func Defaults(config string) (*Dirs, error) {
	var dirs []string
	for _, k := range Kinds {
		dirs = append(dirs, k.Beside(config))
	}
	return New(dirs...)
}

// Dirs is a set of allowed directories, their symbolic links resolved.
type Dirs struct {
	dirs  []string // resolved
	given []string // as given, for messages
}

// New allows the files in dirs, each an absolute path (a directory that does not
// exist yet allows nothing until it does, but is no error).
func New(dirs ...string) (*Dirs, error) {
	d := &Dirs{}
	for _, dir := range dirs {
		if !filepath.IsAbs(dir) {
			return nil, fmt.Errorf("allowed directory %q is not an absolute path", dir)
		}
		real, err := resolve(dir)
		if err != nil {
			return nil, fmt.Errorf("allowed directory %q: %w", dir, err)
		}
		d.dirs, d.given = append(d.dirs, real), append(d.given, dir)
	}
	return d, nil
}

// Allow returns nil when path, opened as HAProxy opens it, is inside one of the
// directories (or is one, for a directory of certificates), else why not.
// The path must be absolute: HAProxy reads a relative one against its working
// directory, `default-path`, `crt-base` or `ca-base`, which the check would have
// to guess. `..` and symbolic links are followed as the kernel follows them, as
// far as the path exists: a link inside a directory to a file outside it is
// outside. What the path becomes after the check (a link made later) is the
// business of whoever may write in the directories.
func (d *Dirs) Allow(path string) error {
	if !filepath.IsAbs(path) {
		return fmt.Errorf("%q names a file by a relative path; give an absolute path in one of %s", path, d.list())
	}
	real, err := resolve(path)
	if err == nil {
		for _, dir := range d.dirs {
			if real == dir || strings.HasPrefix(real, strings.TrimSuffix(dir, "/")+"/") {
				return nil
			}
		}
	}
	return fmt.Errorf("%q names a file outside the directories values may name files in (%s)", path, d.list())
}

func (d *Dirs) list() string {
	if len(d.given) == 0 {
		return "none are configured"
	}
	return strings.Join(d.given, ", ")
}

// maxLinks bounds the symbolic links one path may go through, as Linux does.
const maxLinks = 40

// resolve is the absolute path the kernel would open for path: `..` and
// symbolic links followed in order. Past the first component that does not
// exist (or cannot be seen), the rest is read lexically.
func resolve(path string) (string, error) {
	links := 0
	return walk("/", path, &links)
}

func walk(cur, path string, links *int) (string, error) {
	if filepath.IsAbs(path) {
		cur = "/"
	}
	comps := strings.Split(path, "/")
	for i, c := range comps {
		switch c {
		case "", ".":
			continue
		case "..":
			cur = filepath.Dir(cur)
			continue
		}
		next := filepath.Join(cur, c)
		fi, err := os.Lstat(next)
		switch {
		case err != nil:
			return filepath.Join(append([]string{next}, comps[i+1:]...)...), nil
		case fi.Mode()&os.ModeSymlink != 0:
			if *links++; *links > maxLinks {
				return "", errors.New("too many symbolic links")
			}
			target, err := os.Readlink(next)
			if err != nil {
				return "", err
			}
			if cur, err = walk(cur, target, links); err != nil {
				return "", err
			}
		default:
			cur = next
		}
	}
	return cur, nil
}

// location is where an alert says it is: "parsing [haproxy.cfg:12]" or
// "[/etc/haproxy/haproxy.cfg:12]".
var location = regexp.MustCompile(`\[([^\]\s]+):(\d+)\]`)

// absolutePath is a path in an alert's text; a lone '/' is none (HAProxy's
// "'server'/'tunnel'" lists choices).
var absolutePath = regexp.MustCompile(`(?:^|[\s'"<\[(=])(/[^\s'"<>\[\]()]+)`)

// Withheld replaces the message of an alert about a file outside the
// directories.
const Withheld = "(message withheld: this line names a file outside the directories values may name files in, and HAProxy's message may quote it)"

// Redact withholds, in HAProxy's alert lines, what may come from a file outside
// the directories. An alert is about such a file when it names one (an absolute
// path, the configuration's own aside), or when the configuration line it is
// about (`[<name>:<n>]`, name being how the alerts call config) names one, as
// haproxycfg.LineFiles finds them: relative ones count as outside. Its text after
// the location is replaced with Withheld; what HAProxy prints before (level,
// process, location) stays. Other alerts are kept as they are.
func (d *Dirs) Redact(alerts []string, config []byte, name string) []string {
	var lines []string // the config's lines, split on first need
	out := make([]string, len(alerts))
	for k, a := range alerts {
		out[k] = a
		cut, outside := 0, false
		if m := location.FindStringSubmatchIndex(a); m != nil {
			cut = m[1]
			if a[m[2]:m[3]] == name {
				if lines == nil {
					lines = strings.Split(string(config), "\n")
				}
				if n, err := strconv.Atoi(a[m[4]:m[5]]); err == nil && n >= 1 && n <= len(lines) {
					outside = d.anyOutside(haproxycfg.LineFiles(lines[n-1]))
				}
			}
		}
		var named []string
		for _, m := range absolutePath.FindAllStringSubmatch(strings.ReplaceAll(a, name, ""), -1) {
			named = append(named, strings.TrimRight(m[1], ".,:;"))
		}
		if outside || d.anyOutside(named) {
			if cut == 0 { // "[ALERT]    (pid) : config : <message>"
				if i := strings.Index(a, " : "); i >= 0 {
					if j := strings.Index(a[i+3:], " : "); j >= 0 {
						cut = i + 3 + j
					}
				}
			}
			out[k] = strings.TrimSpace(a[:cut]) + " : " + Withheld
		}
	}
	return out
}

func (d *Dirs) anyOutside(files []string) bool {
	for _, f := range files {
		if d.Allow(f) != nil {
			return true
		}
	}
	return false
}
