package haproxycfg

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
)

// Values from the API may name files only in the directories the operator allows
// (see AllowFiles). HAProxy reads a file named by a line when it loads it, and
// says what it found: a pattern file's first line that is no IP address, a
// `return file` served to anyone. The files a line names are found from HAProxy's
// syntax, wherever a value puts them:
//
//   - the argument of a server, default-server or bind keyword whose table row
//     says it names a file (kind `file` in the models' tags: crt, ca-file, ...);
//   - a bind or dgram-bind address that is a UNIX socket path (or one of a
//     bind's list of addresses), which HAProxy replaces with its socket
//     whatever it was (a server's address only connects, as any address);
//   - `-f <file>` among the flags of an ACL, on an acl line or in an anonymous
//     ACL `{ ... }` of a condition;
//   - the first argument of a map converter, `map_str(<file>[,<default>])`, in
//     any sample expression or log-format;
//   - the arguments of a rule's action that name files, as its row in the
//     action table says (actions.go): the file of a response in the formats
//     that take one (returnFileFormats), the ACL or map file of add-acl,
//     del-acl, set-map, del-map;
//   - the value of a frontend or backend setting of kind `file` in the models'
//     tags (server-state-file-name);
//   - the file of an `errorfile <code> <file>` line (a frontend's or backend's
//     error_files).
//
// The check is generic: the lines a write makes must name only allowed files,
// unless the object's lines named the same file before the write (the operator
// wrote it). The field blamed is the one whose value brings the file in.

// AllowFiles makes the views refuse a write whose lines would name a file that
// allow refuses (returning why), as LineFiles finds them. Without it (nil) any
// file may be named: for raw uploads and tests of the syntax alone.
func (c *Config) AllowFiles(allow func(path string) error) { c.allowFile = allow }

// LineFiles returns the files a configuration line names, as HAProxy reads them
// (quotes removed), in the order they appear.
func LineFiles(line string) []string { return newLine(line).files() }

// mapConverter is a map converter and its first argument, the file: `map(`,
// `map_str(`, `map_beg_int(`, ...; a converter always follows a comma.
var mapConverter = regexp.MustCompile(`,map(?:_[a-z]+)*\(([^,)]*)`)

// files lists the files l names (see the comment at the top of this file).
func (l *Line) files() []string {
	w := l.words
	var out []string
	switch l.keyword() {
	case "server":
		out = paramFiles(w, 3, serverKeywords.paramSet)
	case "default-server":
		out = paramFiles(w, 1, serverParamKeywords.paramSet)
	case "server-template":
		out = paramFiles(w, 4, serverTemplateKeywords.paramSet)
	case "ssl-f-use":
		out = paramFiles(w, 1, sslFrontUseParams)
	case "bind", "dgram-bind":
		if len(w) > 1 {
			for _, address := range strings.Split(w[1], ",") { // HAProxy binds each of a list
				if p, ok := socketPath(address); ok {
					out = append(out, p)
				}
			}
		}
		out = append(out, paramFiles(w, 2, bindKeywords.paramSet)...)
	case "acl":
		if len(w) > 3 {
			out = aclFiles(w[3:])
		}
	case "errorfile": // errorfile <code> <file>, which HAProxy serves
		if len(w) > 2 {
			out = []string{w[2]}
		}
	}
	for _, words := range sectionFiles {
		// use-backend-name names the file after the backend, in server-state-base
		if len(w) > len(words) && hasPrefix(w, words) && w[len(words)] != "use-backend-name" {
			out = append(out, w[len(words)])
		}
	}
	if t, ok := ruleActions[l.keyword()]; ok {
		out = append(out, t.files(w, 1)...)
	}
	for i, word := range w {
		if word == "{" && i+2 < len(w) {
			out = append(out, aclFiles(w[i+2:])...)
		}
		if !strings.Contains(word, ",map") { // the regexp costs more than the whole line's other checks
			continue
		}
		for _, m := range mapConverter.FindAllStringSubmatch(word, -1) {
			out = append(out, unquoteArg(strings.TrimSpace(m[1])))
		}
	}
	return out
}

// unquoteArg is a converter's argument as HAProxy's argument parser reads it
// when it is quoted whole ("/m/a.map" inside a double-quoted word); anything
// else stays as it is, and a quote left in it makes the path a relative one,
// which is refused.
func unquoteArg(a string) string {
	if len(a) >= 2 && (a[0] == '"' || a[0] == '\'') && a[len(a)-1] == a[0] {
		return a[1 : len(a)-1]
	}
	return a
}

// paramFiles are the arguments of the keywords of words[from:] that name files.
func paramFiles[M any](words []string, from int, ps paramSet[M]) []string {
	var out []string
	for _, it := range scanParams(words, from, ps) {
		if p := ps.find(it.name); p != nil && p.file && it.j == it.i+2 {
			out = append(out, words[it.i+1])
		}
	}
	return out
}

// aclFiles are the `-f <file>` among an ACL's flags, which come before its
// first pattern (w starts after the criterion): `--` ends them, `-m` takes an
// argument, and a `}` ends an anonymous ACL.
func aclFiles(w []string) []string {
	var out []string
	for i := 0; i < len(w) && strings.HasPrefix(w[i], "-") && w[i] != "--"; i++ {
		switch w[i] {
		case "-f":
			if i+1 < len(w) {
				out = append(out, w[i+1])
			}
			i++
		case "-m":
			i++
		}
	}
	return out
}

// socketPath is the file of a UNIX socket address: `/path`, or `unix@path`
// (also `uxst@`, `uxdg@`, with `stream+` or `dgram+` before), as HAProxy 2.6
// reads them.
func socketPath(address string) (string, bool) {
	if strings.HasPrefix(address, "/") {
		return address, true
	}
	family, path, ok := strings.Cut(address, "@")
	family = strings.TrimPrefix(strings.TrimPrefix(family, "stream+"), "dgram+")
	return path, ok && (family == "unix" || family == "uxst" || family == "uxdg")
}

// fileError is the FieldError of a value naming a file outside the allowed
// directories: it is ErrInvalid and ErrFile.
type fileError struct{ FieldError }

func (e *fileError) Unwrap() []error { return []error{&e.FieldError, ErrFile} }

// checkFiles refuses m when the lines w written for it name a file c does not
// allow, unless the object's lines named it before the write (kept: the files
// written for old, nil for a new object).
func checkFiles[M any](c *Config, m *M, w written[M], old *M, write func(*M) written[M]) error {
	if c == nil || c.allowFile == nil {
		return nil
	}
	named := w.files()
	if len(named) == 0 {
		return nil
	}
	var kept []string
	if old != nil {
		kept = write(old).files()
	}
	for _, f := range named {
		if slices.Contains(kept, f) {
			continue
		}
		if err := c.allowFile(f); err != nil {
			return &fileError{FieldError{blameFile(m, f, write), err.Error()}}
		}
	}
	return nil
}

// blameFile names the field whose value brings file f into the lines written for
// m: the first one that, replaced by a plain word, makes f go while the lines
// still read back as the model (replacing a rule's type makes f go too, with the
// rest of the rule); else the first that makes f go at all.
func blameFile[M any](m *M, f string, write func(*M) written[M]) string {
	fallback := ""
	for k, l := range leaves(reflect.ValueOf(m), "", nil) {
		if l.value.Kind() != reflect.String || l.value.String() == "" {
			continue
		}
		probe := deepCopy(reflect.ValueOf(m).Elem())
		leaves(probe.Addr(), "", nil)[k].value.SetString("x")
		w := write(probe.Addr().Interface().(*M))
		if slices.Contains(w.files(), f) {
			continue
		}
		if w.problem == "" && len(differences(probe, reflect.ValueOf(&w.model).Elem())) == 0 {
			return l.path
		}
		if fallback == "" {
			fallback = l.path
		}
	}
	return fallback
}
