//! Decoding turns the bytes of a transcript into text. UTF-8 (with or without a byte-order mark)
//! is the format; UTF-16 with a byte-order mark and Windows-1252, which word processors on
//! Windows still write, are decoded too and reported, so the researcher knows to convert them.
//! Anything else (binary files, UTF-16 without a mark, other code pages) is refused rather than
//! coded as garbage.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};

use crate::diag::line_at;

/// Text decoded from a file, and the encoding it came from when that was not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Why bytes could not be decoded, with the 1-based line of the first offending byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub line: usize,
    pub message: String,
}

/// Decodes a transcript's bytes. The returned encoding is `"UTF-8"` unless the text was
/// decoded from something else, which callers report as a warning.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok(utf8(text)),
            Err(e) => Err(DecodeError {
                line: line_at(rest, e.valid_up_to()),
                message: "starts with a UTF-8 byte-order mark but is not valid UTF-8".into(),
            }),
        };
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        if encoding == UTF_16LE || encoding == UTF_16BE {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                return Err(DecodeError {
                    line: 1,
                    message: format!(
                        "has a {} byte-order mark but is not valid {0}",
                        encoding.name()
                    ),
                });
            }
            return Ok(Decoded {
                text: text.into_owned(),
                encoding: encoding.name(),
            });
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            if let Some(pos) = bytes.iter().position(|&b| b == 0) {
                return Err(binary(bytes, pos));
            }
            Ok(utf8(text))
        }
        Err(e) => {
            let first_bad = e.valid_up_to();
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            // Windows-1252 assigns a character to almost every byte, so "it decodes" says
            // little; control characters other than whitespace say it is not text at all.
            if text.chars().any(is_binary_control) {
                let offset = bytes
                    .iter()
                    .position(|&b| b == 0 || (b < 0x20 && !b"\t\n\r\x0c".contains(&b)))
                    .unwrap_or(first_bad);
                return Err(binary(bytes, offset));
            }
            Ok(Decoded {
                text: text.into_owned(),
                encoding: WINDOWS_1252.name(),
            })
        }
    }
}

/// [`decode`] taking the bytes, so that UTF-8 text (the usual case) becomes the text without a
/// copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || Encoding::for_bom(&bytes).is_some() {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) if !text.as_bytes().contains(&0) => Ok(Decoded {
            text,
            encoding: "UTF-8",
        }),
        Ok(text) => decode(text.as_bytes()),
        Err(e) => decode(e.as_bytes()),
    }
}

fn utf8(text: &str) -> Decoded {
    Decoded {
        text: text.to_owned(),
        encoding: "UTF-8",
    }
}

fn is_binary_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\u{FFFD}'
}

fn binary(bytes: &[u8], offset: usize) -> DecodeError {
    DecodeError {
        line: line_at(bytes, offset),
        message: "is not text in UTF-8, UTF-16 (with byte-order mark) or Windows-1252 \
                  (control or NUL bytes found); save it as UTF-8"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones() {
        for bytes in [
            "R: Säkerhet".as_bytes().to_vec(),
            b"\xEF\xBB\xBFR: S\xC3\xA4kerhet".to_vec(),
            b"\xFF\xFER\x00:\x00".to_vec(),
            b"R: Vi beh\xF6ver".to_vec(),
            b"R: ok\n\x00\x01".to_vec(),
        ] {
            assert_eq!(decode_owned(bytes.clone()), decode(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("R: Säkerhet".as_bytes()).unwrap(),
            utf8("R: Säkerhet")
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFR: S\xC3\xA4kerhet").unwrap(),
            utf8("R: Säkerhet")
        );
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        for unit in "R: två".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("R: två", "UTF-16LE"));
        let mut be = vec![0xFE, 0xFF];
        for unit in "R: två".encode_utf16() {
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn windows_1252_is_decoded() {
        // "Vi behöver säkerhet" with ö = 0xF6 and ä = 0xE4.
        let d = decode(b"R: Vi beh\xF6ver s\xE4kerhet\n").unwrap();
        assert_eq!(d.text, "R: Vi behöver säkerhet\n");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn binary_is_refused_with_line() {
        let e = decode(b"line one\nline two\x00\x01\xFF\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("not text"), "{}", e.message);
        let e = decode(b"a\nb\nc\xFF\x02").unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn bad_utf8_after_bom_is_refused() {
        let e = decode(b"\xEF\xBB\xBFok\nbad \xFF").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
