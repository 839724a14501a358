package deck

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"testing"
)

// derivedIDAsWritten is DerivedID as first written, which every id in
// every collection came from: the fast path must agree with it.
func derivedIDAsWritten(deckName, topic, front string) string {
	h := sha256.New()
	for _, s := range []string{deckName, topic, normalize(front)} {
		h.Write([]byte(normalize(s)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func TestDerivedIDKeepsEveryID(t *testing.T) {
	tests := [][3]string{
		{"Go", "Idioms", "What does defer do?"},
		{"  Go  ", "\tIdioms\n", "What  does\vdefer\fdo?\r"},
		{"GO", "IDIOMS", "WHAT DOES DEFER DO?"},
		{"", "", ""},
		{"Deck", "Topic", "   "},
		{"Straße", "Ünïcode", "İstanbul ΣΑΣ\u00a0nbsp\u0085nel"},
		{"a", "b", "x\u2003em space"},
		// Its id below is from sha256sum, outside Go.
		{"D", "T", "Q"},
	}
	for _, tt := range tests {
		if got, want := DerivedID(tt[0], tt[1], tt[2]), derivedIDAsWritten(tt[0], tt[1], tt[2]); got != want {
			t.Errorf("DerivedID(%q, %q, %q) = %s, want %s", tt[0], tt[1], tt[2], got, want)
		}
	}
	// sha256("d\x00t\x00q\x00"), its first 8 bytes.
	if got := DerivedID("D", "T", "Q"); got != "454f0f37d0eb50fe" {
		t.Errorf("DerivedID(D, T, Q) = %s", got)
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("aB \t\n\v\f\rZz09?\u00a0\u0085ÄßİΣ\u2003")
	word := func() string {
		out := make([]rune, r.IntN(12))
		for i := range out {
			out[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(out)
	}
	for range 5000 {
		d, tp, f := word(), word(), word()
		if got, want := DerivedID(d, tp, f), derivedIDAsWritten(d, tp, f); got != want {
			t.Fatalf("DerivedID(%q, %q, %q) = %s, want %s", d, tp, f, got, want)
		}
	}
}
