package haproxycfg

import (
	"slices"
	"strings"
	"testing"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

func TestQUICInitialRules(t *testing.T) {
	var items []quicInitialRule
	for i, a := range dataplane.QUICInitialActions {
		r := quicInitialRule{Type: a}
		if i%2 == 1 {
			r.Cond, r.CondTest = "unless", "{ src 10.0.0.0/8 }"
		}
		items = append(items, r)
	}
	var names []string
	for _, a := range quicInitialActions.rows {
		names = append(names, a.name)
	}
	if !slices.Equal(names, dataplane.QUICInitialActions) {
		t.Errorf("the table's actions %q, the official ones %q", names, dataplane.QUICInitialActions)
	}
	for _, parent := range QUICInitialRules.parents {
		checkList(t, listCase[quicInitialRule]{
			view: QUICInitialRules, parent: parent, base: "    quic-initial accept\n", items: items,
			hand: map[string]string{"quic-initial  send-retry if  { src 1.2.3.4 }": `{"type":"send-retry","cond":"if","cond_test":"{ src 1.2.3.4 }"}`},
			bad: []bad[quicInitialRule]{
				{"type", quicInitialRule{Type: "drop"}},
				{"type", quicInitialRule{}},
				{"cond_test", quicInitialRule{Type: "reject", Cond: "if"}},
				{"cond", quicInitialRule{Type: "reject", Cond: "when", CondTest: "TRUE"}},
			},
		})
	}
}

func TestSSLFrontUses(t *testing.T) {
	every := sslFrontUse{Certificate: "/etc/ssl/site.pem", OcspUpdate: "enabled"}
	sample(&every, true, 0, 100)
	every.Certificate = "/etc/ssl/site.pem"
	other := sslFrontUse{Certificate: "/etc/ssl/b.pem", OcspUpdate: "disabled", Metadata: dataplane.Metadata{"for": "b"}}
	sample(&other, false, 0, 100)
	other.Certificate = "/etc/ssl/b.pem"
	for _, parent := range SSLFrontUses.parents {
		checkList(t, listCase[sslFrontUse]{
			view: SSLFrontUses, parent: parent, base: "    ssl-f-use crt /a.pem\n",
			items: []sslFrontUse{every, other, {Certificate: "/c.pem"}},
			hand: map[string]string{
				"ssl-f-use   crt /x.pem  ocsp-update on alpn h2 verify required": `{"certificate":"/x.pem","ocsp_update":"enabled","alpn":"h2","verify":"required"}`,
			},
			bad: []bad[sslFrontUse]{
				{"certificate", sslFrontUse{Key: "/k.pem"}},
				{"ocsp_update", sslFrontUse{Certificate: "/c.pem", OcspUpdate: "on"}},
				{"verify", sslFrontUse{Certificate: "/c.pem", Verify: "always"}},
				{"ssl_min_ver", sslFrontUse{Certificate: "/c.pem", SSLMinVer: "TLSv9"}},
			},
		})
	}
	c := Parse([]byte("frontend p\n    ssl-f-use crt /x.pem   alpn h2 # kept\n"))
	if err := SSLFrontUses.Set(c, "frontend", "p", 0, sslFrontUse{Certificate: "/x.pem", ALPN: "h2", Npn: "http/1.1"}); err != nil {
		t.Fatal(err)
	}
	if got := string(c.Bytes()); got != "frontend p\n    ssl-f-use crt /x.pem   alpn h2 npn http/1.1 # kept\n" {
		t.Errorf("an edit touched more than its words:\n%s", got)
	}
	if files := LineFiles("ssl-f-use crt /s.pem key /s.key ocsp /s.ocsp issuer /i.pem sctl /s.sctl ca-file /ca.pem crl-file /crl.pem"); len(files) != 7 {
		t.Errorf("the files an ssl-f-use line names: %q", files)
	}
}

func TestForceBeSwitches(t *testing.T) {
	for _, parent := range ForceBeSwitches.parents {
		checkList(t, listCase[forceBeSwitch]{
			view: ForceBeSwitches, parent: parent, base: "    force-be-switch if TRUE\n",
			items: []forceBeSwitch{{Cond: "if", CondTest: "{ src 10.0.0.1 }"}, {Cond: "unless", CondTest: "FALSE", Metadata: dataplane.Metadata{"why": "maintenance"}}},
			hand:  map[string]string{"force-be-switch   unless  is_admin": `{"cond":"unless","cond_test":"is_admin"}`},
			bad: []bad[forceBeSwitch]{
				{"cond", forceBeSwitch{}},
				{"cond_test", forceBeSwitch{Cond: "if"}},
				{"cond", forceBeSwitch{Cond: "when", CondTest: "TRUE"}},
				{"cond_test", forceBeSwitch{Cond: "if", CondTest: strings.Repeat("x", 3) + "\n"}},
			},
		})
	}
}
