package deck

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Anki 2.1.50 and later keep note types, templates, the media list and the
// package's version as protocol buffers (proto/anki/*.proto in Anki's
// source). hone needs a few fields of them, which it reads by hand.

// protoFields calls fn with each field of a protobuf message: its number,
// and its value as a varint (v) or as bytes (b) by its wire type.
func protoFields(data []byte, fn func(num int, v uint64, b []byte)) error {
	for len(data) > 0 {
		key, n := binary.Uvarint(data)
		if n <= 0 {
			return errors.New("bad field key")
		}
		data = data[n:]
		num, wire := int(key>>3), key&7
		switch wire {
		case 0:
			v, n := binary.Uvarint(data)
			if n <= 0 {
				return errors.New("bad varint")
			}
			data = data[n:]
			fn(num, v, nil)
		case 1, 5:
			size := 8
			if wire == 5 {
				size = 4
			}
			if len(data) < size {
				return errors.New("short fixed field")
			}
			data = data[size:]
		case 2:
			l, n := binary.Uvarint(data)
			if n <= 0 || l > uint64(len(data)-n) {
				return errors.New("bad length")
			}
			fn(num, 0, data[n:n+int(l)])
			data = data[n+int(l):]
		default:
			return fmt.Errorf("unknown wire type %d", wire)
		}
	}
	return nil
}

// decodeMediaEntries reads MediaEntries { repeated MediaEntry entries = 1 }
// with MediaEntry { string name = 1; … }: the i-th entry is zip entry "i".
func decodeMediaEntries(data []byte) (map[string]string, error) {
	names := map[string]string{}
	var inner error
	err := protoFields(data, func(num int, _ uint64, b []byte) {
		if num != 1 || b == nil {
			return
		}
		name := ""
		if err := protoFields(b, func(num int, _ uint64, b []byte) {
			if num == 1 && b != nil {
				name = string(b)
			}
		}); err != nil {
			inner = err
		}
		names[strconv.Itoa(len(names))] = name
	})
	return names, errors.Join(err, inner)
}

// decodeLegacyMedia reads the JSON map of old packages: {"0": "cat.jpg"}.
func decodeLegacyMedia(data []byte) (map[string]string, error) {
	names := map[string]string{}
	if err := json.Unmarshal(data, &names); err != nil {
		return nil, err
	}
	return names, nil
}

// packageVersion reads PackageMetadata { Version version = 1 }: 1 and 2
// are the legacy packages, 3 the latest.
func packageVersion(data []byte) (int, error) {
	version := 0
	err := protoFields(data, func(num int, v uint64, b []byte) {
		if num == 1 && b == nil {
			version = int(min(v, 1<<20))
		}
	})
	return version, err
}

// notetypeIsCloze reads Notetype.Config { Kind kind = 1 }: 1 is cloze.
func notetypeIsCloze(config []byte) bool {
	cloze := false
	_ = protoFields(config, func(num int, v uint64, b []byte) {
		if num == 1 && b == nil {
			cloze = v == 1
		}
	})
	return cloze
}

// templateFormats reads Template.Config { string q_format = 1; string
// a_format = 2 }.
func templateFormats(config []byte) (q, a string) {
	_ = protoFields(config, func(num int, _ uint64, b []byte) {
		switch {
		case num == 1 && b != nil:
			q = string(b)
		case num == 2 && b != nil:
			a = string(b)
		}
	})
	return q, a
}
