package deck

import (
	"net/url"
	"regexp"
	"strings"
)

// Kinds of media a card can name, as its placeholder says them.
const (
	mediaImage = "image"
	mediaSound = "sound"
	mediaVideo = "video"
)

// mediaNamer maps the name a card gives a media file to what its
// placeholder shows: the path it was extracted to, say. nil shows the name.
type mediaNamer func(name string) string

// placeholder is the text that stands for a media file on a card, such as
// "[image: cat.png]". A terminal cannot show the file, so the card says
// what was there and, when it was extracted, where it is.
func (m mediaNamer) placeholder(kind, name string) string {
	name = mediaName(name)
	if name == "" {
		return ""
	}
	if m != nil {
		name = m(name)
	}
	return "[" + kind + ": " + name + "]"
}

// mediaName is a file name from an src attribute or a sound tag, decoded
// the way a browser would and on one line.
func mediaName(name string) string {
	name = strings.TrimSpace(name)
	if strings.Contains(name, "%") {
		if u, err := url.PathUnescape(name); err == nil {
			name = u
		}
	}
	return strings.Join(strings.Fields(name), " ")
}

// ankiSound is Anki's sound tag, which fields hold as text.
var ankiSound = regexp.MustCompile(`\[sound:([^\]\n]*)\]`)

// ankiSoundTags turns Anki's [sound:name] tags into placeholders.
func ankiSoundTags(s string, media mediaNamer) string {
	if !strings.Contains(s, "[sound:") {
		return s
	}
	return ankiSound.ReplaceAllStringFunc(s, func(tag string) string {
		return media.placeholder(mediaSound, ankiSound.FindStringSubmatch(tag)[1])
	})
}
