package haproxycfg

import "github.com/tfhaproxy/terraform-provider-haproxy/internal/dataplane"

// frontendListParts and backendListParts are the full_section parts of the
// smaller lists (dataplane's FrontendLists and BackendLists): log targets,
// captures, filters, filter sequences, server templates (keyed by prefix)
// and the lists newer than HAProxy 2.6.
var (
	frontendListParts = []childPart[frontend]{
		listPart("log_target_list", "frontend", LogTargets, func(f *frontend) *[]dataplane.LogTarget { return &f.LogTargetList }),
		listPart("capture_list", "frontend", Captures, func(f *frontend) *[]dataplane.Capture { return &f.CaptureList }),
		listPart("filter_list", "frontend", Filters, func(f *frontend) *[]dataplane.Filter { return &f.FilterList }),
		listPart("filter_sequence_list", "frontend", FilterSequences,
			func(f *frontend) *[]dataplane.FilterSequence { return &f.FilterSequenceList }),
		listPart("quic_initial_rule_list", "frontend", QUICInitialRules,
			func(f *frontend) *[]dataplane.QUICInitialRule { return &f.QUICInitialRuleList }),
		listPart("ssl_front_use_list", "frontend", SSLFrontUses, func(f *frontend) *[]dataplane.SSLFrontUse { return &f.SSLFrontUseList }),
		listPart("force_be_switch_list", "frontend", ForceBeSwitches,
			func(f *frontend) *[]dataplane.ForceBeSwitch { return &f.ForceBeSwitchList }),
	}
	backendListParts = []childPart[backend]{
		listPart("log_target_list", "backend", LogTargets, func(b *backend) *[]dataplane.LogTarget { return &b.LogTargetList }),
		namedPart("server_templates", ServerTemplates, func(b *backend) *map[string]dataplane.ServerTemplate { return &b.ServerTemplates },
			func(t *dataplane.ServerTemplate) *string { return &t.Prefix }),
		listPart("filter_list", "backend", Filters, func(b *backend) *[]dataplane.Filter { return &b.FilterList }),
		listPart("filter_sequence_list", "backend", FilterSequences,
			func(b *backend) *[]dataplane.FilterSequence { return &b.FilterSequenceList }),
	}
)
