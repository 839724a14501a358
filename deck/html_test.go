package deck

import (
	"strings"
	"testing"
)

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a<br>b", "a\nb"},
		{"a<br/>b<BR />c", "a\nb\nc"},
		{"<div>one</div><div>two</div>", "one\ntwo"},
		{"<p>x</p><p>y</p>", "x\ny"},
		{"a &amp; b &lt;c&gt; &#233; &#xE9; &nbsp;x", "a & b <c> é é x"},
		{"&lt;br&gt; stays text", "<br> stays text"},
		{`<b>bold</b> and <span style="color: red">red</span>`, "bold and red"},
		{`<a title="x>y" href="#">link</a>`, "link"},
		{"<ul><li>one</li><li>two</li></ul>", "- one\n- two"},
		{"x<br><br><br><br>y", "x\n\ny"},
		{"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
		{"a <b", "a <b"},
		{"a <b title=\"x", "a <b title=\"x"},
		{"<!-- note -->text<!-- open", "text"},
		{"<script>alert(1)</script>ok<STYLE>p{}</style>!", "ok!"},
		{"<!DOCTYPE html>doc", "doc"},
		{"line1\nline2", "line1\nline2"},
		{"line1\nline2<br>line3", "line1 line2\nline3"},
		{"tab\t\tspaces   here", "tab spaces here"},
		{"<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
		{"", ""},
		{`<img src="cat.png">`, "[image: cat.png]"},
		{`<div>Q <img alt="a>b" src='my%20cat.jpg'/></div>`, "Q [image: my cat.jpg]"},
		{`<img>x<img src="">`, "x"},
		{"[sound:hello.mp3] hola", "[sound: hello.mp3] hola"},
		{`<b>hi</b>[sound:a b.ogg]`, "hi[sound: a b.ogg]"},
		{`<audio src="s.mp3"></audio><video src="v.mp4">`, "[sound: s.mp3][video: v.mp4]"},
		{`<script>if (a > b) { x = "</p>" }</script>kept`, "kept"},
		{`<style>p > b { color: red }</style><p>one</p>`, "one"},
		{"<script>never closed<br>x", ""},
		{`<span title='1 > 0' data-x="<br>">text</span>`, "text"},
		{"a<!-- <br> -->b<!---->c", "abc"},
		{"&lt;&gt;&quot;&#39;&apos;&eacute;&bogus;", "<>\"''é&bogus;"},
		{"<p>a</p>\n\n<p>b</p>", "a\nb"},
		{"<div>a</div>\n  <div>b</div>", "a\nb"},
		{"x</>y", "xy"},
		{"<?xml version='1.0'?>z", "z"},
		{"<![CDATA[raw]]>t", "t"},
	}
	for _, tt := range tests {
		if got := htmlToText(tt.in, nil); got != tt.want {
			t.Errorf("htmlToText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHTMLLooksLike(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"a<br>b", true},
		{"<div class=x>y</div>", true},
		{"x &amp; y", true},
		{"&#39;quoted&#39;", true},
		{"AT&T", false},
		{"x < y > z", false},
		{"&bogus; text", false},
		{"Vec<i32> and Option<T>", false},
		{"{{c1::plain}}", false},
	}
	for _, tt := range tests {
		if got := looksLikeHTML(tt.in); got != tt.want {
			t.Errorf("looksLikeHTML(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestHTMLUnterminatedTagsAreLinear(t *testing.T) {
	if got := htmlToText(strings.Repeat("<a ", 50000), nil); got != strings.TrimSpace(strings.Repeat("<a ", 50000)) {
		t.Errorf("unterminated tags did not come back as text: %.40q", got)
	}
}
