package deck

import (
	"html"
	"io"
	"regexp"
	"strings"
	"sync"

	nethtml "golang.org/x/net/html"
)

// htmlTagHint finds the tags that Anki's editor writes. Only these make a
// field look like HTML, so that "a <b" or "x<y>" in plain CSV text stays as
// it is.
// It is compiled on first use, not at every hone's start: only imports
// need it.
var htmlTagHint = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)<\s*/?\s*(?:br|div|p|span|b|i|u|em|strong|img|a|ul|ol|li|font|sup|sub|code|pre|hr|table|tr|td|th|h[1-6]|blockquote|audio|video|source)\b[^<>]*>`)
})

// htmlEntityHint finds entity-shaped text; html.UnescapeString then tells
// whether it really is one.
var htmlEntityHint = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});`)
})

// htmlBreakHint finds tags that break lines. When a field has them, its own
// newlines are only source formatting, as in a browser.
var htmlBreakHint = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)<\s*/?\s*(?:br|div|p|li)\b`) })

// looksLikeHTML guesses whether a field with no #html: header is HTML.
func looksLikeHTML(s string) bool {
	if htmlTagHint().MatchString(s) {
		return true
	}
	for _, m := range htmlEntityHint().FindAllString(s, -1) {
		if html.UnescapeString(m) != m {
			return true
		}
	}
	return false
}

// htmlBlockTags start and end lines; the rest of the tags are dropped.
var htmlBlockTags = map[string]bool{
	"div": true, "p": true, "ul": true, "ol": true, "tr": true, "table": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"blockquote": true, "pre": true, "hr": true, "section": true, "article": true,
	"header": true, "footer": true, "dl": true, "dt": true, "dd": true,
}

// htmlHidden are elements whose content is code or metadata, not text.
var htmlHidden = map[string]bool{"script": true, "style": true, "title": true, "template": true}

// htmlToText turns a field's HTML into plain text: <br> and block tags
// become line breaks, list items "- " lines, images and sounds placeholders
// (see media), other tags vanish, entities are decoded, and white space
// folds as a browser folds it. It never fails: markup that does not end is
// kept as text.
func htmlToText(s string, media mediaNamer) string {
	if !strings.ContainsAny(s, "<&") {
		// No markup and no entities: only the white space rules apply.
		return tidyLines(ankiSoundTags(strings.ReplaceAll(s, "\u00a0", " "), media), true)
	}
	w := htmlWriter{keepNewlines: !htmlBreakHint().MatchString(s), media: media}
	z := nethtml.NewTokenizer(strings.NewReader(s))
	consumed := 0
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			if z.Err() == io.EOF && consumed < len(s) {
				// A tag that never closes: the tokenizer drops it, a
				// reader would rather see it.
				w.text(s[consumed:], false)
			}
			break
		}
		consumed += len(z.Raw())
		w.token(z, tt)
	}
	text := strings.ReplaceAll(w.out.String(), "\u00a0", " ")
	return tidyLines(text, true)
}

// htmlWriter collects the text of a stream of tokens.
type htmlWriter struct {
	out          strings.Builder
	keepNewlines bool
	hidden       string // the element whose content is being skipped
	media        mediaNamer
}

func (w *htmlWriter) token(z *nethtml.Tokenizer, tt nethtml.TokenType) {
	switch tt {
	case nethtml.TextToken:
		if w.hidden == "" {
			w.text(string(z.Text()), true)
		}
	case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
		name, hasAttr := z.TagName()
		tag := string(name)
		if w.hidden != "" {
			return
		}
		if htmlHidden[tag] && tt == nethtml.StartTagToken {
			w.hidden = tag
			return
		}
		w.open(tag, z, hasAttr)
	case nethtml.EndTagToken:
		name, _ := z.TagName()
		tag := string(name)
		switch {
		case w.hidden != "":
			if tag == w.hidden {
				w.hidden = ""
			}
		case tag == "li" || htmlBlockTags[tag]:
			w.newline()
		}
	}
}

func (w *htmlWriter) open(tag string, z *nethtml.Tokenizer, hasAttr bool) {
	switch {
	case tag == "br":
		w.out.WriteByte('\n')
	case tag == "li":
		w.newline()
		w.out.WriteString("- ")
	case htmlBlockTags[tag]:
		w.newline()
	case tag == "td" || tag == "th":
		w.out.WriteByte(' ')
	case tag == "img" && hasAttr:
		w.out.WriteString(w.media.placeholder(mediaImage, htmlAttr(z, "src")))
	case (tag == "audio" || tag == "source") && hasAttr:
		w.out.WriteString(w.media.placeholder(mediaSound, htmlAttr(z, "src")))
	case tag == "video" && hasAttr:
		w.out.WriteString(w.media.placeholder(mediaVideo, htmlAttr(z, "src")))
	}
}

// htmlAttr is the value of the current tag's attribute key, or "".
func htmlAttr(z *nethtml.Tokenizer, key string) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(v)
		}
		if !more {
			return ""
		}
	}
}

// text adds text between tags. Newlines fold to spaces unless the field has
// no tags that break lines; decoded says the tokenizer already decoded the
// entities.
func (w *htmlWriter) text(s string, decoded bool) {
	if !w.keepNewlines {
		s = strings.ReplaceAll(s, "\n", " ")
	}
	if !decoded {
		s = html.UnescapeString(s)
	}
	if out := w.out.String(); strings.TrimSpace(s) == "" && !w.keepNewlines && (out == "" || out[len(out)-1] == '\n') {
		return // white space between blocks, as a browser folds it
	}
	w.out.WriteString(ankiSoundTags(s, w.media))
}

func (w *htmlWriter) newline() {
	if s := w.out.String(); s != "" && s[len(s)-1] != '\n' {
		w.out.WriteByte('\n')
	}
}
