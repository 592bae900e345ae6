package haproxycfg

import (
	"slices"

	"github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"
)

// The lists of frontends newer than HAProxy 2.6, which refuses their lines in
// `haproxy -c` with its own message: quic-initial (3.1), ssl-f-use (3.2) and
// force-be-switch (3.3).

type quicInitialRule = dataplane.QUICInitialRule

// quicInitialActions are the actions of quic-initial rules, which take no
// arguments.
var quicInitialActions = newActionTable(
	action{name: "reject"}, action{name: "accept"}, action{name: "send-retry"}, action{name: "dgram-drop"},
)

var quicInitialTable = bindActions[quicInitialRule](quicInitialActions, nil)

// QUICInitialRules is the view of the `quic-initial <action> [if|unless
// <condition>]` lines.
var QUICInitialRules = ListView[quicInitialRule]{
	keyword: "quic-initial",
	parents: []string{"frontend", "defaults", "listen"},
	read:    func(l *Line) quicInitialRule { return quicInitialTable.read(l, 1) },
	words: func(r *quicInitialRule) []string {
		return append([]string{"quic-initial"}, quicInitialTable.words(r)...)
	},
	check: func(r *quicInitialRule) error {
		return firstError(checkStrings(r), checkWord("type", r.Type), checkCondition(r.Cond, r.CondTest), quicInitialTable.checkRequired(r))
	},
	metadata: func(r *quicInitialRule) *dataplane.Metadata { return &r.Metadata },
}

type sslFrontUse = dataplane.SSLFrontUse

// sslFrontUseParams are the keywords of `ssl-f-use` lines: the model's tags,
// and ocsp-update, whose on|off is the model's enabled|disabled.
var sslFrontUseParams = func() paramSet[sslFrontUse] {
	ocspUpdate := param[sslFrontUse]{
		names: []string{"ocsp-update"}, args: 1,
		read: func(m *sslFrontUse, _ string, args, _ []string) {
			m.OcspUpdate = map[string]string{"on": dataplane.Enabled, "off": dataplane.Disabled}[args[0]]
			if m.OcspUpdate == "" {
				m.OcspUpdate = args[0] // neither: refused if written anew
			}
		},
		write: func(m *sslFrontUse) []string {
			switch m.OcspUpdate {
			case "":
				return nil
			case dataplane.Enabled:
				return []string{"ocsp-update", "on"}
			case dataplane.Disabled:
				return []string{"ocsp-update", "off"}
			}
			return []string{"ocsp-update", m.OcspUpdate}
		},
	}
	return newParamSet(append(slices.Clone(sslFrontUseKeywords.table), ocspUpdate), map[string]int{})
}()

var sslFrontUseKeywords = tagsOf[sslFrontUse](map[string]int{})

func sslFrontUseWords(m *sslFrontUse) []string {
	w := []string{"ssl-f-use"}
	for _, p := range sslFrontUseParams.table {
		w = append(w, p.write(m)...)
	}
	return w
}

// SSLFrontUses is the view of the `ssl-f-use [params]` lines: a certificate
// of the frontend and the TLS settings it goes with.
var SSLFrontUses = ListView[sslFrontUse]{
	keyword: "ssl-f-use",
	parents: []string{"frontend", "listen"},
	read: func(l *Line) sslFrontUse {
		var m sslFrontUse
		readParams(l, 1, sslFrontUseParams, &m)
		return m
	},
	words: sslFrontUseWords,
	wordsLike: func(old *Line, m *sslFrontUse) []string {
		return editLine(writeParams(old, 1, sslFrontUseParams, m)).words
	},
	check: func(m *sslFrontUse) error {
		return firstError(
			checkStrings(m),
			checkWord("certificate", m.Certificate),
			checkOneOf("ocsp_update", m.OcspUpdate, dataplane.Switch...),
			sslFrontUseKeywords.check(m),
		)
	},
	metadata: func(m *sslFrontUse) *dataplane.Metadata { return &m.Metadata },
}

type forceBeSwitch = dataplane.ForceBeSwitch

// ForceBeSwitches is the view of the `force-be-switch if|unless <condition>`
// lines.
var ForceBeSwitches = ListView[forceBeSwitch]{
	keyword: "force-be-switch",
	parents: []string{"frontend", "listen"},
	read: func(l *Line) forceBeSwitch {
		var r forceBeSwitch
		_, r.Cond, r.CondTest = condition(l, 1)
		return r
	},
	words: func(r *forceBeSwitch) []string { return withCondition([]string{"force-be-switch"}, r.Cond, r.CondTest) },
	check: func(r *forceBeSwitch) error {
		var cond error
		if r.Cond == "" {
			cond = &FieldError{"cond", "is required: the rule is `force-be-switch if|unless <condition>`"}
		}
		return firstError(checkStrings(r), cond, checkCondition(r.Cond, r.CondTest))
	},
	metadata: func(r *forceBeSwitch) *dataplane.Metadata { return &r.Metadata },
}
