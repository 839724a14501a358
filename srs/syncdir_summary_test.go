package srs

import "testing"

// Summary names each device by its name, and by its id too where two
// devices that sent something have the same name.
func TestSyncSummary(t *testing.T) {
	a, b := DeviceID{1}, DeviceID{2}
	tests := []struct {
		name string
		from []DeviceChanges
		want string
	}{
		{"nothing", nil, ""},
		{"one device", []DeviceChanges{{Device: a, Name: "desktop", Answers: 12}}, "synced 12 answers from desktop"},
		{"no name", []DeviceChanges{{Device: a, Answers: 1, Other: 2}},
			"synced 1 answer and 2 other changes from 0100000000000000"},
		{"two names", []DeviceChanges{{Device: a, Name: "desktop", Answers: 1}, {Device: b, Name: "laptop", Events: 2}},
			"synced 1 answer from desktop, 2 deck or setting changes from laptop"},
		{"one name twice", []DeviceChanges{{Device: a, Name: "vm", Answers: 1}, {Device: b, Name: "vm", Events: 1}},
			"synced 1 answer from vm (0100000000000000), 1 deck or setting change from vm (0200000000000000)"},
		{"one name, one device silent", []DeviceChanges{{Device: a, Name: "vm", Answers: 3}, {Device: b, Name: "vm"}},
			"synced 3 answers from vm"},
	}
	for _, tt := range tests {
		if got := (SyncReport{From: tt.from}).Summary(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
