use super::*;

/// The REFI-QDA exports in the shared data folder, or `None` (with a message) where absent.
fn data(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/refi-qda")
        .join(name);
    if p.is_file() {
        Some(p)
    } else {
        eprintln!("skipped: {} not found", p.display());
        None
    }
}

#[test]
fn positions_follow_each_tools_rule() {
    // "a😀b\r\nc": the emoji is two UTF-16 units; CRLF two positions or one.
    let text = "a\u{1F600}b\r\nc";
    let bytes = |rule| positions(text, rule);
    assert_eq!(bytes(Positions::CodePoints), [0, 1, 5, 6, 7, 8, 9]);
    assert_eq!(bytes(Positions::Utf16), [0, 1, 1, 5, 6, 7, 8, 9]);
    assert_eq!(bytes(Positions::CodePointsCrlfOne), [0, 1, 5, 7, 8, 9]);
    assert_eq!(
        Positions::of_origin("NVivo for Windows 12.6"),
        Positions::Utf16
    );
    assert_eq!(
        Positions::of_origin("ATLAS.ti 8.4.0 573 , macOS"),
        Positions::CodePointsCrlfOne
    );
    assert_eq!(Positions::of_origin("qc 1.3.2"), Positions::CodePoints);
}

#[test]
fn set_names_give_attributes() {
    assert_eq!(
        set_attribute("sector: tillverkning"),
        Some(("sector".into(), "tillverkning".into()))
    );
    assert_eq!(set_attribute("Coke::diet Coke"), None);
    assert_eq!(set_attribute("plain set"), None);
}

#[test]
fn entries_are_found_whatever_the_folder_case_and_path_form() {
    let names = vec!["project.qde".to_string(), "Sources/AB.txt".into()];
    assert_eq!(
        find_entry(&names, "internal://AB.txt").as_deref(),
        Some("Sources/AB.txt")
    );
    assert_eq!(
        find_entry(&names, "ab.txt").as_deref(),
        Some("Sources/AB.txt")
    );
    assert_eq!(
        find_entry(&names, "relative:///x/y/AB.txt").as_deref(),
        Some("Sources/AB.txt")
    );
    assert_eq!(find_entry(&names, "internal://CD.txt"), None);
}

/// Per code (by its path of names: GUIDs differ between exports), the coded passages' text,
/// line ends as LF, sorted.
fn passages(project: &Project) -> BTreeMap<String, Vec<String>> {
    let tree = crate::codebook::qdc::code_tree(&project.xml).unwrap();
    let names: HashMap<String, String> = tree
        .into_iter()
        .map(|c| (c.guid.to_uppercase(), c.path.join("/")))
        .collect();
    let file = std::fs::File::open(&project.path).unwrap();
    let mut zip = ::zip::ZipArchive::new(std::io::BufReader::new(file)).unwrap();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in &project.sources {
        let text = utf8(read_entry(&mut zip, s.entry.as_deref().unwrap()).unwrap()).unwrap();
        let b = positions(&text, project.positions);
        for sel in &s.selections {
            let passage = text[b[sel.start as usize]..b[sel.end as usize]].replace("\r\n", "\n");
            for c in &sel.codings {
                out.entry(format!("{}:{}", s.name, names[&c.code]))
                    .or_default()
                    .push(passage.clone());
            }
        }
    }
    for v in out.values_mut() {
        v.sort();
        v.dedup();
    }
    out
}

#[test]
fn nvivo_for_windows_and_for_mac_code_the_same_text() {
    let (Some(win), Some(mac)) = (
        data("nvivo-win-12.6-vaccine-comments.qdpx"),
        data("nvivo-mac-12.7-vaccine-comments.qdpx"),
    ) else {
        return;
    };
    let (win, mac) = (open(&win).unwrap(), open(&mac).unwrap());
    assert_eq!(win.positions, Positions::Utf16);
    assert_eq!(mac.positions, Positions::Utf16);
    let (pw, pm) = (passages(&win), passages(&mac));
    // The Windows export has a few codes the Mac one lacks (coded after it was made); every
    // code both have must code the same passages.
    let common: Vec<&String> = pw.keys().filter(|k| pm.contains_key(*k)).collect();
    let only_win = pw.len() - common.len();
    let only_mac = pm.len() - common.len();
    let (mut same, mut all) = (0, 0);
    for k in &common {
        all += pw[*k].len().max(pm[*k].len());
        same += pw[*k].iter().filter(|p| pm[*k].contains(p)).count();
    }
    eprintln!(
        "codes: {} common, {only_win} Windows only, {only_mac} Mac only; passages {same} of {all}",
        common.len()
    );
    assert_eq!((common.len(), only_win, only_mac), EXPECTED_CODES);
    assert_eq!((same, all), EXPECTED_PASSAGES);
}

/// Measured on the two exports (see docs/format.md § REFI-QDA projects).
const EXPECTED_CODES: (usize, usize, usize) = (72, 4, 0);
const EXPECTED_PASSAGES: (usize, usize) = (295, 296);

#[test]
fn every_project_here_reads_and_a_lost_text_is_a_warning() {
    for name in [
        "qc-1.3.2-demo.qdpx",
        "nvivo-mac-15.0-import-of-qc-demo.qdpx",
        "nvivo-win-12.6-vaccine-comments.qdpx",
        "nvivo-mac-12.7-vaccine-comments.qdpx",
        "atlasti-8.4-TestProject.qdpx",
    ] {
        let Some(path) = data(name) else { continue };
        let p = open(&path).unwrap_or_else(|e| panic!("{name}: {}", e.message));
        let roles = Roles::default();
        let mut diags = Diagnostics::new();
        let mut read = 0;
        for i in 0..p.sources.len() {
            if let Some(r) = read_source(&p, i, &roles, &mut diags).unwrap() {
                assert!(!r.transcript.segments.is_empty(), "{name}");
                read += 1;
            }
        }
        assert!(!diags.has_errors(), "{name}: {diags:?}");
        let warnings: Vec<String> = diags
            .into_warnings()
            .iter()
            .map(|w| w.to_string())
            .collect();
        match name {
            "nvivo-mac-15.0-import-of-qc-demo.qdpx" => {
                assert_eq!(read, 0, "{name}");
                assert_eq!(warnings.len(), 2, "{warnings:?}");
                assert!(warnings[0].contains("has an empty text"), "{warnings:?}");
            }
            "atlasti-8.4-TestProject.qdpx" => {
                assert_eq!(read, 0, "{name}");
                assert!(
                    warnings
                        .iter()
                        .all(|w| w.contains("is not in the project; skipped")),
                    "{warnings:?}"
                );
            }
            _ => assert_eq!(read, p.sources.len(), "{name}: {warnings:?}"),
        }
    }
}

#[test]
fn the_qc_demo_codes_turns_with_its_coder() {
    let Some(path) = data("qc-1.3.2-demo.qdpx") else {
        return;
    };
    let p = open(&path).unwrap();
    let mut diags = Diagnostics::new();
    let roles = Roles::new(&["Max Bigman"]);
    let i = p.sources.iter().position(|s| s.name == "admin-1").unwrap();
    let r = read_source(&p, i, &roles, &mut diags).unwrap().unwrap();
    assert_eq!(
        r.path,
        PathBuf::from(format!("{}:sources/admin-1.txt", path.display()))
    );
    let t = &r.transcript;
    assert_eq!(t.front_matter[0].key, "interview");
    assert_eq!(t.front_matter[0].value, "admin-1");
    // Turns by their labels, the interviewer by the given label.
    let max = t
        .segments
        .iter()
        .find(|s| s.speaker == "Max Bigman")
        .unwrap();
    assert_eq!(max.role, Role::Interviewer);
    // The board minutes carry the codings, all by the one user `cp`.
    let i = p
        .sources
        .iter()
        .position(|s| s.name == "board_2017")
        .unwrap();
    let r = read_source(&p, i, &roles, &mut diags).unwrap().unwrap();
    let codes: Vec<&ManualCode> = r
        .transcript
        .segments
        .iter()
        .flat_map(|s| &s.manual_codes)
        .collect();
    let selections = p.sources[i].selections.len();
    eprintln!(
        "board_2017: {selections} selections, {} manual codes",
        codes.len()
    );
    assert_eq!((selections, codes.len()), EXPECTED_QC);
    assert!(codes.iter().all(|m| m.coder.as_deref() == Some("cp")));
    assert!(!diags.has_errors(), "{diags:?}");
}

/// Selections of `board_2017` and the manual codes they make (deduplicated per turn).
const EXPECTED_QC: (usize, usize) = (158, 200);
