package srs

import (
	"strings"
	"testing"
	"time"
)

func intp(n int) *int { return &n }

// A deck's own limits: new cards of its own count, and reviews capped per
// deck within the global cap, counting the reviews it already had today.
func TestQueuePerDeckLimits(t *testing.T) {
	s, c, d0 := queueFixture(t)
	today := d0 + 5
	// Due: a-0..a-4, b-0, a-5..a-9. Deck a may take 3 reviews and 1 new
	// card; b keeps the global limits.
	per := map[string]DeckLimits{"a": {New: intp(1), Reviews: intp(3)}}
	q := mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: 200, NewPerDeck: 2, PerDeck: per})
	if got, want := strings.Join(ids(q), " "), "a-0 a-1 a-2 b-0 a-10 b-1 b-2"; got != want {
		t.Fatalf("queue\n got %s\nwant %s", got, want)
	}
	// Two reviews of deck a today leave it one; a first review of a new
	// card of deck a counts against its new limit, not its reviews.
	c.Set(today.Time(time.UTC).Add(3 * time.Hour))
	mustAnswer(t, s, "a-0", Good, Review)
	mustAnswer(t, s, "a-1", Good, Review)
	mustAnswer(t, s, "a-10", Good, Review)
	q = mustQueue(t, s, QueueOptions{Today: today, ReviewLimit: 200, NewPerDeck: 2, PerDeck: per})
	if got, want := strings.Join(ids(q), " "), "a-2 b-0 b-1 b-2"; got != want {
		t.Fatalf("queue after three answers\n got %s\nwant %s", got, want)
	}
}

func TestLimitsFor(t *testing.T) {
	l := Limits{Reviews: 100, NewPerDeck: 20, PerDeck: map[string]DeckLimits{
		"small": {New: intp(5), Reviews: intp(30)},
		"big":   {Reviews: intp(500)},
	}}
	tests := []struct {
		deck         string
		new, reviews int
	}{
		{"small", 5, 30},
		{"big", 20, 100}, // never above the global cap
		{"other", 20, 100},
	}
	for _, tt := range tests {
		if n, r := l.NewFor(tt.deck), l.ReviewsFor(tt.deck); n != tt.new || r != tt.reviews {
			t.Errorf("%s: new %d reviews %d, want %d %d", tt.deck, n, r, tt.new, tt.reviews)
		}
	}
}

// Hidden decks count for nothing: not in today's totals, not in the stats,
// not as the next due day.
func TestHiddenDecksCountForNothing(t *testing.T) {
	c := newClock(t0)
	s := testStore(t, c)
	mustSync(t, s, testDeck("shown", 3))
	mustSync(t, s, testDeck("hidden", 5))
	today := DayOf(t0)
	mustAnswer(t, s, "hidden-0", Good, Review)  // due tomorrow
	mustAnswer(t, s, "hidden-1", Again, Review) // due again today
	if err := s.SetHidden("hidden", true); err != nil {
		t.Fatal(err)
	}
	counts, err := s.Counts(today)
	if err != nil {
		t.Fatal(err)
	}
	if due, fresh := Today(counts, Limits{NewPerDeck: 20}); due != 0 || fresh != 3 {
		t.Errorf("today: %d due, %d new; want 0 and 3", due, fresh)
	}
	st, err := s.Stats(today, Limits{NewPerDeck: 20})
	if err != nil {
		t.Fatal(err)
	}
	if st.DueToday != 0 || st.NewAvailable != 3 || st.Forecast[0] != 0 || st.Forecast[1] != 0 {
		t.Errorf("stats count a hidden deck: due %d, new %d, forecast %v", st.DueToday, st.NewAvailable, st.Forecast[:2])
	}
	if _, ok, err := s.NextDue(today); err != nil || ok {
		t.Errorf("next due comes from a hidden deck: %v %v", ok, err)
	}
	mustAnswer(t, s, "shown-0", Good, Review)
	if next, ok, err := s.NextDue(today); err != nil || !ok || next != today+1 {
		t.Errorf("next due %s %v %v, want tomorrow", next, ok, err)
	}
}

// The day starts at the hour the store is given: at 05:30 with a 06:00
// start, an answer belongs to the day before.
func TestDayStartSetting(t *testing.T) {
	at := time.Date(2026, 3, 10, 5, 30, 0, 0, time.UTC)
	six, err := DayStartAt(6)
	if err != nil {
		t.Fatal(err)
	}
	if six.Hour() != 6 || (DayStart{}).Hour() != 4 {
		t.Fatalf("hours %d and %d", six.Hour(), DayStart{}.Hour())
	}
	if _, err := DayStartAt(24); err == nil {
		t.Error("hour 24 accepted")
	}
	c := newClock(at)
	s, err := Open(t.TempDir()+"/hone.db", Options{Clock: c.Now, DayStart: six})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustSync(t, s, testDeck("d", 1))
	e := mustAnswer(t, s, "d-0", Good, Review)
	if want := DayOf(at.Add(-2 * time.Hour)); e.Day != want || e.Day == DayOf(at) {
		t.Errorf("answer logged on %s, want %s", e.Day, want)
	}
}
