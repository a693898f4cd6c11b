use super::*;

fn data(name: &str) -> Option<String> {
    super::super::reader::shared_transcript_text(name)
}

/// (speaker, timestamp, text) of every turn.
fn turns(text: &str, roles: &Roles) -> Vec<(String, String, String)> {
    parse(text, roles)
        .segments
        .into_iter()
        .map(|s| (s.speaker, s.timestamp.unwrap_or_default(), s.text))
        .collect()
}

fn t(speaker: &str, at: &str, text: &str) -> (String, String, String) {
    (speaker.into(), at.into(), text.into())
}

/// The W3C's cue-text parsing cases: the text content of each expected tree.
#[test]
fn w3c_cue_tag_cases_give_their_text() {
    let Some(json) = data("wpt-cue-tags.expected.json") else {
        return;
    };
    let cases: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(cases.len(), 28);
    for case in cases {
        let input = case["text"].as_str().unwrap();
        let input = input.strip_suffix('\n').unwrap_or(input);
        let want: String = case["expectedTree"]
            .as_str()
            .unwrap()
            .lines()
            .filter_map(|l| {
                let l = l.trim_start_matches('|').trim();
                l.strip_prefix('"')?.strip_suffix('"').map(str::to_owned)
            })
            .collect();
        let got: String = voices(input).into_iter().map(|(_, t)| t).collect();
        assert_eq!(got, want, "{input:?}");
    }
}

#[test]
fn entities_are_decoded_after_the_tags() {
    assert_eq!(
        voices("&lt;i&gt;x&lt;/i&gt; <i>y</i> &amp; &#229;&#xE4; &bogus;"),
        [(None, "<i>x</i> y & åä &bogus;".to_owned())]
    );
    assert_eq!(
        voices("<v.loud Anna S>Hej</v> då <v Bo>ja"),
        [
            (Some("Anna S".to_owned()), "Hej".to_owned()),
            (None, " då ".to_owned()),
            (Some("Bo".to_owned()), "ja".to_owned())
        ]
    );
}

#[test]
fn teams_voice_tags_merge_consecutive_cues_of_one_speaker() {
    let Some(text) = data("teams-voice-tags.vtt") else {
        return;
    };
    let got = turns(&text, &Roles::new(&["Alice Chen"]));
    assert_eq!(
        got[..2],
        [
            t(
                "Alice Chen",
                "00:00:01.000",
                "Right, let's start with the renewal.\nThey came back asking for a twelve percent increase."
            ),
            t(
                "Bob Ferreira",
                "00:00:09.200",
                "Twelve? That's well above what we budgeted.\nI'd want to see their justification before we agree to anything."
            ),
        ]
    );
    let t = parse(&text, &Roles::new(&["Alice Chen"]));
    assert_eq!(t.segments[0].role, crate::ingest::Role::Interviewer);
    assert_eq!(t.segments[1].role, crate::ingest::Role::Respondent);
    assert_eq!((t.segments[0].line, t.segments[1].line), (4, 12));
}

#[test]
fn zoom_names_prefixes_as_speakers() {
    let Some(text) = data("zoom-speaker-prefix.vtt") else {
        return;
    };
    let got = turns(&text, &Roles::default());
    assert_eq!(
        got[..3],
        [
            t("Priya Raman", "00:00:02.100", "Can everyone hear me okay?"),
            t("Tom Ableton", "00:00:05.400", "Yep, coming through fine."),
            t(
                "Priya Raman",
                "00:00:07.900",
                "Great. So here's the thing: we're behind on the audit."
            ),
        ]
    );
}

#[test]
fn notes_styles_regions_and_headers_are_skipped() {
    let text = "WEBVTT - a title\nKind: captions\n\nNOTE a note\nover two lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r\n\ncue-1\n00:01.000 --> 00:02.000 align:start\n<v Ann>Hej.\n\n00:02.000 --> 00:03.000\n<v Ann>Igen.\n";
    assert_eq!(
        turns(text, &Roles::default()),
        [t("Ann", "00:01.000", "Hej.\nIgen.")]
    );
    assert!(is_vtt(b"\xEF\xBB\xBFWEBVTT\n"));
    assert!(!is_vtt(b"R: hej"));
}

#[test]
fn dialogue_dashes_are_markers() {
    let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n- Ta en kopp te.\n- Det är inte varmt.\n";
    assert_eq!(
        turns(text, &Roles::default()),
        [t("R", "00:01.000", "Ta en kopp te.\nDet är inte varmt.")]
    );
}
