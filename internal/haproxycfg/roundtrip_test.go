package haproxycfg

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// configFiles are the handwritten configs the tests run over: the project's shared
// ones (when the checkout has shared/ beside it), copies of them in testdata (so the
// package tests stand alone), the quickstart's, and the installed package's own
// haproxy.cfg.
func configFiles(t testing.TB) []string {
	shared, _ := filepath.Glob("../../../shared/configs/*.cfg")
	local, _ := filepath.Glob("testdata/*.cfg")
	files := append(append(shared, local...), "../../examples/quickstart/haproxy.cfg")
	if _, err := os.Stat("/etc/haproxy/haproxy.cfg"); err == nil {
		files = append(files, "/etc/haproxy/haproxy.cfg")
	}
	if len(local) == 0 {
		t.Fatal("no testdata/*.cfg")
	}
	return files
}

func TestRoundTripFiles(t *testing.T) {
	for _, f := range configFiles(t) {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if got := Parse(data).Bytes(); !bytes.Equal(got, data) {
				t.Fatalf("round trip changed the file:\n%s", got)
			}
		})
	}
}

// roundTripCases are the shapes a handwritten file takes that a parser could trip on.
var roundTripCases = map[string]string{
	"empty":                 "",
	"no final newline":      "global\n    maxconn 10",
	"crlf":                  "global\r\n\tmaxconn 10\r\n\r\nfrontend fe\r\n\tbind :80\r\n",
	"mixed crlf and lf":     "global\r\n  maxconn 1\n  nbthread 2\r\n",
	"tabs and spaces":       "defaults\n \t mode\t http  \t\n",
	"comments":              "# head\nglobal # inline\n    # full\n    maxconn 5 # five\n#tail",
	"quotes and escapes":    "frontend fe\n    http-request set-header X \"a b # c\" if { path_beg '/x y' }\n    acl a hdr(x) -m str a\\ b\\#c \\\"q\\\"\n",
	"conditional blocks":    ".if defined(FOO)\nglobal\n    .if feature(OPENSSL)\n    ssl-default-bind-options no-sslv3\n    .elif streq(\"a\",\"b\")\n    .else\n    .endif\n.endif\n",
	"env references":        "global\n    stats socket \"${RUN}/s.sock\" mode 600\n    log ${LOG_HOST}:514 local0\n",
	"named defaults":        "defaults base\n    mode tcp\ndefaults web from base\n    mode http\nbackend b from web\n    server s 127.0.0.1:80\n",
	"blank lines only":      "\n\n\n",
	"whitespace only lines": "  \n\t\n",
	"unterminated quote":    "frontend fe\n    acl x path \"abc\n",
	"trailing backslash":    "frontend fe\n    acl x path abc\\\n",
	"nul and high bytes":    "global\n    # \x00\xff\xfe\n    maxconn 1\n",
	"every section kind":    "global\ndefaults\nfrontend f\nbackend b\nlisten l\nuserlist u\npeers p\nmailers m\nresolvers r\nprogram p\nhttp-errors e\nring r\ncache c\nlog-forward l\nfcgi-app f\n",
}

func TestRoundTripShapes(t *testing.T) {
	for name, in := range roundTripCases {
		t.Run(name, func(t *testing.T) {
			if got := string(Parse([]byte(in)).Bytes()); got != in {
				t.Fatalf("got %q, want %q", got, in)
			}
		})
	}
}

func TestParseSections(t *testing.T) {
	c := Parse([]byte(roundTripCases["every section kind"]))
	var kinds []string
	for _, s := range c.Sections()[1:] {
		kinds = append(kinds, s.Kind+" "+s.Name)
	}
	want := []string{"global ", "defaults ", "frontend f", "backend b", "listen l", "userlist u", "peers p", "mailers m", "resolvers r", "program p", "http-errors e", "ring r", "cache c", "log-forward l", "fcgi-app f"}
	if len(kinds) != len(want) {
		t.Fatalf("sections %q, want %q", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("section %d is %q, want %q", i, kinds[i], want[i])
		}
	}
	named := Parse([]byte(roundTripCases["named defaults"]))
	if got := named.Sections()[2].From(); got != "base" {
		t.Fatalf("defaults web from = %q, want base", got)
	}
}

func TestTokenize(t *testing.T) {
	cases := []struct {
		in      string
		words   []string
		comment string
	}{
		{`  acl  a   path /x  # c`, []string{"acl", "a", "path", "/x"}, "# c"},
		{`a "b c" 'd e' f\ g`, []string{"a", "b c", "d e", "f g"}, ""},
		{`a "x#y" z#w`, []string{"a", "x#y", "z"}, "#w"},
		{`a '\n' "\n" \x41 \q`, []string{"a", `\n`, "\n", "A", `\q`}, ""},
		{`a "${X}"b'$Y'`, []string{"a", "${X}b$Y"}, ""},
		{`a\#b \"c`, []string{"a#b", `"c`}, ""},
		{`\$X "\$X" \'a`, []string{`\$X`, "$X", "'a"}, ""},
	}
	for _, tc := range cases {
		toks, comment := tokenize(tc.in)
		var words []string
		for _, tk := range toks {
			words = append(words, tk.text)
		}
		if len(words) != len(tc.words) {
			t.Fatalf("%q: words %q, want %q", tc.in, words, tc.words)
		}
		for i := range words {
			if words[i] != tc.words[i] {
				t.Fatalf("%q: words %q, want %q", tc.in, words, tc.words)
			}
		}
		if got := tc.in[comment:]; got != tc.comment {
			t.Fatalf("%q: comment %q, want %q", tc.in, got, tc.comment)
		}
	}
}

func TestSpelling(t *testing.T) {
	cases := []struct {
		in      string
		words   int
		problem string
	}{
		{`"a b"`, 1, ""},
		{`a b`, 2, ""},
		{`a\ b`, 1, ""},
		{`'a # b'`, 1, ""},
		{`a\#b`, 1, ""},
		{`"a`, 1, "a quote left open"},
		{`'a`, 1, "a quote left open"},
		{`a #b`, 1, "'#' starts a comment"},
		{`"\xZZ"`, 1, `\x without two hex digits`},
		{`"${HOME}"`, 1, ""},
	}
	for _, tc := range cases {
		words, problem := Spelling(tc.in)
		if words != tc.words || !strings.HasPrefix(problem, tc.problem) || (tc.problem == "") != (problem == "") {
			t.Errorf("Spelling(%s) = %d, %q; want %d, %q", tc.in, words, problem, tc.words, tc.problem)
		}
	}
}
