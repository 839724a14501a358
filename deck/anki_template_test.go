package deck

import (
	"strings"
	"testing"
	"time"
)

func TestAnkiTemplate(t *testing.T) {
	fields := map[string]string{
		"Front": "Q", "Back": "A", "Extra": "", "Blankish": " <br> <div></div>",
		"Text": "{{c1::Paris}} is in {{c2::France::country}}", "Reading": "日本[にほん]語[ご]",
	}
	tests := []struct {
		tmpl      string
		cloze     int
		answer    bool
		frontSide string
		want      string
	}{
		{tmpl: "{{Front}}", want: "Q"},
		{tmpl: "{{ Front }} and {{{Back}}}", want: "Q and A}"},
		{tmpl: "{{FrontSide}}<hr id=answer>{{Back}}", answer: true, frontSide: "Q", want: "Q<hr id=answer>A"},
		{tmpl: "{{#Extra}}[{{Extra}}]{{/Extra}}{{^Extra}}none{{/Extra}}", want: "none"},
		{tmpl: "{{#Blankish}}shown{{/Blankish}}", want: ""},
		{tmpl: "{{#Back}}{{#Front}}both{{/Front}}{{/Back}}", want: "both"},
		{tmpl: "{{cloze:Text}}", cloze: 1, want: "==[...]== is in France"},
		{tmpl: "{{cloze:Text}}", cloze: 2, want: "Paris is in ==[country]=="},
		{tmpl: "{{cloze:Text}}", cloze: 2, answer: true, want: "Paris is in ==France=="},
		{tmpl: "{{#c2}}second{{/c2}}{{^c2}}not second{{/c2}}", cloze: 1, want: "not second"},
		{tmpl: "{{cloze-only:Text}}", cloze: 2, want: "France"},
		{tmpl: "{{Front}}{{type:Back}}", want: "Q"},
		{tmpl: "{{Front}}<hr id=answer>{{type:Back}}", answer: true, want: "Q<hr id=answer>A"},
		{tmpl: "{{hint:Back}} {{tts en_US:Front}} {{text:Front}} {{nosuchfilter:Front}}", want: "A Q Q Q"},
		{tmpl: "[{{Missing}}]", want: "[]"},
		{tmpl: "{{/Front}}a{{#Front}}b", want: "ab"},
		{tmpl: "<!-- {{Front}} -->{{Back}}", want: "<!-- {{Front}} -->A"},
		{tmpl: "{{kana:Reading}}|{{kanji:Reading}}|{{furigana:Reading}}", want: "にほんご|日本語|日本(にほん)語(ご)"},
		{tmpl: "{{Front", want: "{{Front"},
		{tmpl: "{{}}x{{#}}", want: "x"},
		{tmpl: "<!-- open {{Front}}", want: "<!-- open Q"},
	}
	for _, tt := range tests {
		ctx := &tmplContext{fields: fields, clozeNum: tt.cloze, answer: tt.answer, frontSide: tt.frontSide}
		if got := renderTemplate(parseTemplate(tt.tmpl), ctx); got != tt.want {
			t.Errorf("%q (cloze %d, answer %v) = %q, want %q", tt.tmpl, tt.cloze, tt.answer, got, tt.want)
		}
	}
}

func TestAnkiTemplateDeepAndLongIsBounded(t *testing.T) {
	tmpl := strings.Repeat("{{#Front}}", 100000) + "x" + strings.Repeat("{{/Front}}", 100000) + strings.Repeat("{{", 100000) + strings.Repeat("<!--", 100000)
	start := time.Now()
	got := renderTemplate(parseTemplate(tmpl), &tmplContext{fields: map[string]string{"Front": "F"}})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
	if !strings.Contains(got, "x") {
		t.Errorf("lost the text: %.40q", got)
	}
}
