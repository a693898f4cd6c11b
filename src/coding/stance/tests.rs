use super::*;
use crate::text::tokenize;

fn cues() -> Cues {
    Cues::new(&CueSettings {
        stance: true,
        ..CueSettings::default()
    })
}

/// The stance of the first token of `text` that starts with `word` (lowercased).
fn stance_in(cues: &Cues, lang: Lang, text: &str, word: &str, asked: bool) -> Stance {
    let toks = tokenize(text);
    let at = toks
        .iter()
        .position(|t| t.text.to_lowercase().starts_with(&word.to_lowercase()))
        .unwrap_or_else(|| panic!("`{word}` is not in `{text}`"));
    cues.analyse(lang, text, &toks, asked).stance(at, at)
}

fn sv(text: &str, word: &str) -> Stance {
    stance_in(&cues(), Lang::Sv, text, word, false)
}

fn en(text: &str, word: &str) -> Stance {
    stance_in(&cues(), Lang::En, text, word, false)
}

use Stance::{Has, Need, Negated};

#[test]
fn swedish_negation_after_the_verb_negates() {
    assert_eq!(sv("Vi svetsar inte själva.", "svetsar"), Negated);
    assert_eq!(sv("CAD har vi aldrig behövt.", "CAD"), Negated);
    assert_eq!(sv("Robotar har vi inga.", "robotar"), Negated);
}

#[test]
fn a_topic_fragment_is_read_with_the_clause_after_it() {
    assert_eq!(
        sv("3D-skrivare, nej, det har vi inte tittat på.", "skrivare"),
        Negated
    );
    assert_eq!(
        sv(
            "Hydraulik, det är svårt att hitta folk som kan det.",
            "hydraulik"
        ),
        Need
    );
    assert_eq!(sv("Robotar, det har vi gott om.", "robotar"), Has);
    // A full clause taken up by a pronoun keeps its own negation.
    assert_eq!(
        sv(
            "Killarna måste kunna läsa en ritning, det är inte förhandlingsbart.",
            "ritning"
        ),
        Need
    );
    // At the end of a sentence, a fragment takes the clause before it.
    assert_eq!(sv("Vi behöver CAD, och lite PLC kanske.", "PLC"), Need);
    // A clause of its own after a comma does not take the negation before it.
    assert_eq!(
        sv("Vi har ingen robot, allt svetsas för hand.", "svetsas"),
        Has
    );
}

#[test]
fn english_negation_and_nt_forms_negate() {
    assert_eq!(en("We don't need a data scientist.", "data"), Negated);
    assert_eq!(en("They can't use the ERP.", "ERP"), Negated);
    assert_eq!(en("We cannot justify a robot cell.", "robot"), Negated);
    assert_eq!(en("We never do any welding ourselves.", "welding"), Negated);
    assert_eq!(en("There is no need for CAD here.", "CAD"), Negated);
    // The typographic apostrophe, as word processors write it.
    assert_eq!(en("We don’t use Python.", "Python"), Negated);
}

#[test]
fn gap_phrases_are_need_not_negation() {
    for (text, word) in [
        ("Vi hittar ingen som kan hydraulik.", "hydraulik"),
        ("Det finns ingen här som kan svetsa aluminium.", "svetsa"),
        ("Ingen av operatörerna kan felsöka robotarna.", "robotarna"),
        (
            "Vi saknar helt kompetens inom cybersäkerhet.",
            "cybersäkerhet",
        ),
        ("Det är svårt att rekrytera svetsare.", "svetsare"),
        ("Det är brist på elektriker i regionen.", "elektriker"),
        (
            "Att räkna fram en livscykelanalys, det kan ingen hos oss.",
            "livscykel",
        ),
        ("Vi har ingen egen kompetens inom IT-säkerhet.", "IT"),
        ("Vi har inte tillräckligt med folk som kan PLC.", "PLC"),
    ] {
        assert_eq!(sv(text, word), Need, "{text}");
    }
    for (text, word) in [
        ("Nobody here can do the statistics.", "statistics"),
        ("We can't find anyone who knows PLC.", "PLC"),
        ("It is hard to recruit welders.", "welders"),
        ("We lack people with cloud skills.", "cloud"),
        ("No one in the team can program the robots.", "robots"),
    ] {
        assert_eq!(en(text, word), Need, "{text}");
    }
}

#[test]
fn a_gap_phrase_under_a_further_negation_is_negated() {
    assert_eq!(
        sv("Det är inte svårt att hitta svetsare.", "svetsare"),
        Negated
    );
    // "ingen som helst" is an emphatic negation, not a lack.
    assert_eq!(
        sv("Vi har ingen som helst erfarenhet av CAD.", "CAD"),
        Negated
    );
}

#[test]
fn not_only_is_no_negation() {
    assert_eq!(
        sv(
            "Vi behöver inte bara svetsare utan också CNC-operatörer.",
            "svetsare"
        ),
        Need
    );
    assert_eq!(
        sv(
            "Vi behöver inte bara svetsare utan också CNC-operatörer.",
            "CNC"
        ),
        Need
    );
    assert_eq!(en("Not just Python, it's also the cloud.", "Python"), Has);
    assert_eq!(
        en("We need not only Python but also statistics.", "statistics"),
        Need
    );
    // "inte minst" affirms; saying a skill is important asks for it.
    assert_eq!(sv("Inte minst CAD är viktigt.", "CAD"), Need);
    assert_eq!(en("No doubt we need more automation.", "automation"), Need);
}

#[test]
fn a_contrast_ends_the_negation() {
    assert_eq!(sv("Vi har inte AI men vi behöver PLC.", "AI"), Negated);
    assert_eq!(sv("Vi har inte AI men vi behöver PLC.", "PLC"), Need);
    assert_eq!(sv("Inte AI, utan PLC.", "PLC"), Has);
    assert_eq!(en("We don't use AI but we need PLC people.", "PLC"), Need);
    // `utan` without a negation before it is the preposition "without".
    assert_eq!(sv("Vi klarar oss utan CAD.", "CAD"), Has);
}

#[test]
fn och_with_a_subject_starts_a_new_clause() {
    assert_eq!(
        sv(
            "Vi har inga robotar och vi behöver automation.",
            "automation"
        ),
        Need
    );
    assert_eq!(sv("Vi har inte CAD och PLM.", "PLM"), Negated);
    assert_eq!(
        sv("Vi har inte så mycket automation.", "automation"),
        Negated
    );
}

#[test]
fn need_cues_mark_need_and_self_description_is_has() {
    assert_eq!(sv("Vi skulle behöva någon som kan CAD.", "CAD"), Need);
    assert_eq!(sv("Man måste ha svetsbehörighet.", "svets"), Need);
    assert_eq!(
        sv("Cybersäkerhet blir viktigare för oss varje år.", "cyber"),
        Need
    );
    assert_eq!(
        sv("Vi sköter lager och leveranser åt e-handlare.", "lager"),
        Has
    );
    assert_eq!(en("We use Python for our dashboards.", "Python"), Has);
    assert_eq!(en("We're hiring two Python developers.", "Python"), Need);
    assert_eq!(sv("Vi behöver inte AI just nu.", "AI"), Negated);
}

#[test]
fn a_bare_answer_to_a_question_about_needs_is_need() {
    let c = cues();
    let q = "Vilka kompetenser behöver ni?";
    assert!(c.asks_need(Lang::Sv, q, &tokenize(q)));
    let q = "Hur många anställda har ni?";
    assert!(!c.asks_need(Lang::Sv, q, &tokenize(q)));
    let a = "Mest CAD, och lite PLC kanske.";
    assert_eq!(stance_in(&c, Lang::Sv, a, "PLC", true), Need);
    assert_eq!(stance_in(&c, Lang::Sv, a, "PLC", false), Has);
    // The first sentence of the answer names needs, unless the speaker says what they have.
    let a = "Folk i receptionen som kan tyska. Tyskan sköter vi annars själva.";
    assert_eq!(stance_in(&c, Lang::Sv, a, "tyska", true), Need);
    assert_eq!(stance_in(&c, Lang::Sv, a, "tyskan", true), Has);
    let a = "Vi har CAD sedan länge.";
    assert_eq!(stance_in(&c, Lang::Sv, a, "CAD", true), Has);
}

#[test]
fn a_window_limits_the_distance_of_a_negation() {
    let c = Cues::new(&CueSettings {
        negation_window: Some(2),
        stance: true,
        ..CueSettings::default()
    });
    let text = "Vi har inte haft någon riktig nytta av CAD.";
    assert_eq!(stance_in(&c, Lang::Sv, text, "CAD", false), Has);
    assert_eq!(
        stance_in(&c, Lang::Sv, "Vi har inte CAD.", "CAD", false),
        Negated
    );
    assert_eq!(stance_in(&cues(), Lang::Sv, text, "CAD", false), Negated);
}

#[test]
fn codebook_lists_replace_or_extend_the_defaults() {
    let c = Cues::new(&CueSettings {
        negation: Some(vec!["knappast".into()]),
        extra_gap_phrases: vec!["får inte tag ... på".into()],
        stance: true,
        ..CueSettings::default()
    });
    assert_eq!(
        stance_in(&c, Lang::Sv, "Vi har knappast CAD.", "CAD", false),
        Negated
    );
    assert_eq!(
        stance_in(&c, Lang::Sv, "Vi har inte CAD.", "CAD", false),
        Has
    );
    assert_eq!(
        stance_in(&c, Lang::Sv, "Vi får inte tag i folk på PLC.", "PLC", false),
        Need
    );
}

#[test]
fn without_stance_everything_not_negated_is_has() {
    let c = Cues::new(&CueSettings::default());
    assert_eq!(
        stance_in(&c, Lang::Sv, "Vi behöver CAD.", "CAD", false),
        Has
    );
    assert_eq!(
        stance_in(&c, Lang::Sv, "Vi har inte CAD.", "CAD", false),
        Negated
    );
    assert_eq!(
        stance_in(&c, Lang::Sv, "Vi hittar ingen som kan CAD.", "CAD", false),
        Has
    );
}

#[test]
fn phrases_parse_words_globs_and_gaps() {
    let p = Phrase::parse("... svår* att  rekryter* ...").unwrap();
    assert_eq!(
        p.words,
        vec![
            PWord::Prefix("svår".into()),
            PWord::Exact("att".into()),
            PWord::Prefix("rekryter".into())
        ]
    );
    assert_eq!(Phrase::parse(" ... "), None);
    assert_eq!(
        Phrase::parse("*brist*").unwrap().words,
        vec![PWord::Infix("brist".into())]
    );
}

#[test]
fn the_language_of_a_segment_comes_from_its_function_words() {
    let c = cues();
    let mut cache = CueCache::default();
    let mut guess = |t: &str, fallback: Lang| {
        let ids: Vec<u32> = tokenize(t)
            .iter()
            .map(|w| cache.id(&c, fallback, w.text))
            .collect();
        language_of(&cache, ids.into_iter(), fallback)
    };
    let t = "We don't really need a data scientist, it is more about the ERP.";
    assert_eq!(guess(t, Lang::Sv), Lang::En);
    let t = "Vi behöver folk som kan svetsa och det är svårt.";
    assert_eq!(guess(t, Lang::En), Lang::Sv);
    // Too little evidence: the fallback.
    assert_eq!(guess("CAD och PLC.", Lang::En), Lang::En);
    assert_eq!(guess("Yes, Python.", Lang::Sv), Lang::Sv);
}

#[test]
fn a_negation_after_a_subject_negates_its_predicate_not_the_skill() {
    assert_eq!(
        sv(
            "Det faller på att arbetsledarna inte har tid.",
            "arbetsledarna"
        ),
        Has
    );
    assert_eq!(sv("Domänkunskap går inte att googla fram.", "domän"), Has);
    assert_eq!(sv("Vi vet vad AI kan och inte kan.", "AI"), Has);
    // A topic before an inverted verb and its subject, a copula, a passive need: negated.
    assert_eq!(sv("Robotar använder vi inte alls.", "robotar"), Negated);
    assert_eq!(sv("AI är inte aktuellt för oss.", "AI"), Negated);
    assert_eq!(en("AI is not a priority for us.", "AI"), Negated);
    assert_eq!(en("AI isn't something we need.", "AI"), Negated);
    assert_eq!(sv("Roboten i sig är inte problemet.", "roboten"), Has);
    assert_eq!(sv("Svetsning behövs inte här.", "svetsning"), Negated);
    assert_eq!(en("Python we don't use.", "Python"), Negated);
}

#[test]
fn a_lack_in_a_relative_clause_is_need() {
    assert_eq!(
        sv(
            "Det kräver kunskap om energi som vi inte har internt.",
            "energi"
        ),
        Need
    );
    assert_eq!(
        sv(
            "Vi behöver vidareutbildning som inte finns i regionen.",
            "vidare"
        ),
        Need
    );
    assert_eq!(
        sv(
            "Affärsutveckling har vi aldrig haft någon som jobbar med.",
            "affär"
        ),
        Need
    );
    assert_eq!(sv("Det räcker inte att kunna PLC.", "PLC"), Need);
    assert_eq!(
        sv(
            "Operatörerna, som inte vet hur ett styrsystem fungerar.",
            "styrsystem"
        ),
        Need
    );
    assert_eq!(
        sv(
            "Men ingen av oss är expert på livscykelanalys.",
            "livscykel"
        ),
        Need
    );
}

#[test]
fn a_subordinate_clause_ends_before_the_inverted_main_verb() {
    assert_eq!(
        sv(
            "När något krånglar mitt i skörden kan man inte vänta.",
            "skörden"
        ),
        Has
    );
    assert_eq!(
        sv(
            "Om vi får in robotar så kan vi inte ha samma schema.",
            "robotar"
        ),
        Has
    );
}

proptest::proptest! {
    /// Any text of cue words, punctuation and matches gets a stance for every token range,
    /// without a panic, and `segment_stance` is never negated.
    #[test]
    fn every_token_range_gets_a_stance(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "inte", "bara", "utan", "men", "ingen", "kan", "som", "det", "vi", "har",
                "CAD", "not", "only", "don't", "nobody", "here", "behöver", "när", "är",
                "aktuellt", ",", ".", " – ", ";", "och", "helst", "saknar", "it", "a",
                "priority", "nej", "svårt", "att", "hitta", "?", "\n",
            ]),
            0..60,
        ),
        asked in proptest::bool::ANY,
        window in proptest::option::of(0usize..5),
    ) {
        let text = words.join(" ");
        let toks = tokenize(&text);
        let c = Cues::new(&CueSettings { stance: true, negation_window: window, ..CueSettings::default() });
        for lang in [Lang::Sv, Lang::En] {
            let a = c.analyse(lang, &text, &toks, asked);
            for first in 0..toks.len() {
                for last in first..toks.len().min(first + 3) {
                    let _ = a.stance(first, last);
                }
            }
            proptest::prop_assert_ne!(a.segment_stance(), Stance::Negated);
        }
    }
}
