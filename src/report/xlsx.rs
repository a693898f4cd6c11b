//! The workbook `report.xlsx` is the tables for people who read them in Excel or LibreOffice:
//! one sheet per table, named and headed in the report's language (the CSV column each header
//! stands for is listed on the provenance sheet), with a bold, frozen header row carrying an
//! autofilter, fitted columns, numbers stored as numbers (shares formatted as percentages), and
//! a landscape A4 print setup that fits the width and repeats the header rows. Notes (a sheet
//! cut short) stand right of the data, never in its columns. Beside the tables: a company ×
//! code matrix with the codes' labels as headers and their ids in a second row, and a sheet
//! with the run's provenance. Suppressed cells (publication mode) read `<k`, never 0.

use std::collections::BTreeSet;
use std::path::Path;

use polars::prelude::*;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::data::ReportData;
use super::texts::{column_header, sheet_title, Workbook as Texts};
use super::Language;
use crate::tally::Table;

pub use super::MAX_ROWS;
/// Excel's longest cell text.
const MAX_TEXT: usize = 32_767;
/// A4 in Excel's paper sizes.
const A4: u8 = 9;

/// Columns shown as percentages: shares, their interval bounds and differences of shares.
fn is_percent(name: &str) -> bool {
    name.ends_with("share")
        || name.ends_with("share_a")
        || name.ends_with("share_b")
        || name.contains("ci_low")
        || name.contains("ci_high")
        || name.ends_with("difference")
}

struct Formats {
    header: Format,
    ids: Format,
    percent: Format,
    decimal: Format,
    suppressed: Format,
    note: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xE8EEF4)),
            ids: Format::new()
                .set_italic()
                .set_font_color(Color::Gray)
                .set_background_color(Color::RGB(0xF4F6F8)),
            percent: Format::new().set_num_format("0.0%"),
            decimal: Format::new().set_num_format("0.0000"),
            suppressed: Format::new()
                .set_italic()
                .set_font_color(Color::Gray)
                .set_align(FormatAlign::Right),
            note: Format::new().set_italic().set_font_color(Color::Gray),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

use crate::names::sheet_name;

fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= MAX_TEXT {
        s.into()
    } else {
        let mut t: String = s.chars().take(MAX_TEXT - 1).collect();
        t.push('…');
        t.into()
    }
}

/// Sheet names as Excel takes them, distinct without regard to case: a name already taken
/// (two long attribute names cut to the same 31 characters) gets ` (2)`, ` (3)` ….
#[derive(Default)]
struct SheetNames(BTreeSet<String>);

impl SheetNames {
    fn take(&mut self, wanted: &str) -> String {
        let base = sheet_name(wanted);
        let mut name = base.clone();
        let mut n = 2;
        while !self.0.insert(name.to_lowercase()) {
            let tag = format!(" ({n})");
            let keep = 31 - tag.chars().count();
            name = format!("{}{tag}", base.chars().take(keep).collect::<String>());
            n += 1;
        }
        name
    }
}

/// Landscape A4, one page wide, the first `header_rows` rows on every page.
fn print_setup(ws: &mut Worksheet, header_rows: u32) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_rows - 1)?;
    Ok(())
}

/// Writes one table to a sheet: headers in `lang`, at most [`MAX_ROWS`] rows of its `total`
/// (a note right of the data says how many more the CSV has).
fn write_table(
    ws: &mut Worksheet,
    df: &DataFrame,
    total: usize,
    f: &Formats,
    min_cell: u32,
    lang: Language,
) -> Result<(), XlsxError> {
    let suppressed: Option<Vec<bool>> = df.column("suppressed").ok().and_then(|c| {
        c.bool()
            .ok()
            .map(|b| b.iter().map(|v| v.unwrap_or(false)).collect())
    });
    let rows = df.height().min(MAX_ROWS);
    for (ci, column) in df.columns().iter().enumerate() {
        let c = ci as u16;
        let name = column.name().as_str();
        ws.write_string_with_format(0, c, column_header(lang, name), &f.header)?;
        let mark = |r: usize| suppressed.as_ref().is_some_and(|s| s[r]);
        let blank = |ws: &mut Worksheet, r: usize| -> Result<(), XlsxError> {
            if mark(r) {
                ws.write_string_with_format(
                    r as u32 + 1,
                    c,
                    format!("<{min_cell}"),
                    &f.suppressed,
                )?;
            }
            Ok(())
        };
        match column.dtype() {
            DataType::String => {
                for (r, v) in column
                    .str()
                    .map_err(polars_err)?
                    .iter()
                    .take(rows)
                    .enumerate()
                {
                    if let Some(v) = v {
                        let fmt = if name == "text" {
                            &f.wrap
                        } else {
                            &Format::new()
                        };
                        ws.write_string_with_format(r as u32 + 1, c, clip(v), fmt)?;
                    }
                }
            }
            DataType::Boolean => {
                for (r, v) in column
                    .bool()
                    .map_err(polars_err)?
                    .iter()
                    .take(rows)
                    .enumerate()
                {
                    if let Some(v) = v {
                        ws.write_boolean(r as u32 + 1, c, v)?;
                    }
                }
            }
            DataType::Float64 => {
                let fmt = if is_percent(name) {
                    &f.percent
                } else {
                    &f.decimal
                };
                for (r, v) in column
                    .f64()
                    .map_err(polars_err)?
                    .iter()
                    .take(rows)
                    .enumerate()
                {
                    match v {
                        Some(v) => {
                            ws.write_number_with_format(r as u32 + 1, c, v, fmt)?;
                        }
                        None => blank(ws, r)?,
                    }
                }
            }
            _ => {
                let col = column.cast(&DataType::Float64).map_err(polars_err)?;
                for (r, v) in col.f64().map_err(polars_err)?.iter().take(rows).enumerate() {
                    match v {
                        Some(v) => {
                            ws.write_number(r as u32 + 1, c, v)?;
                        }
                        None => blank(ws, r)?,
                    }
                }
            }
        }
    }
    let last_col = df.width().max(1) as u16 - 1;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows as u32, last_col)?;
    print_setup(ws, 1)?;
    ws.autofit();
    // Autofit sizes text columns to their longest cell; keep whole segments readable instead.
    if let Some(ti) = df
        .get_column_names()
        .iter()
        .position(|n| n.as_str() == "text")
    {
        ws.set_column_width(ti as u16, 80)?;
    }
    // After autofit, one column right of the data, in the frozen header row: the note neither
    // widens a data column nor scrolls away.
    if total > rows {
        let tx = Texts::get(lang);
        ws.write_string_with_format(0, last_col + 2, (tx.more_rows)(total - rows), &f.note)?;
    }
    Ok(())
}

fn polars_err(e: PolarsError) -> XlsxError {
    XlsxError::ParameterError(e.to_string())
}

/// Writes the workbook to `path`.
pub fn write(
    path: &Path,
    tables: &[Table],
    data: &ReportData,
    lang: Language,
) -> Result<(), XlsxError> {
    let f = Formats::new();
    let tx = Texts::get(lang);
    let mut wb = Workbook::new();
    // The fastest deflate level: the workbook is rewritten on every run, where time matters
    // more than a somewhat larger file (see docs/benchmarks.md).
    wb.set_zip_compression_level(1);
    let mut names = SheetNames::default();
    let mut ordered: Vec<&Table> = tables.iter().collect();
    ordered.sort_by_key(|t| t.kind.sheet_rank());
    let mut cut: Vec<String> = Vec::new();
    for t in ordered {
        let ws = wb.add_worksheet();
        let name = names.take(&sheet_title(lang, &t.kind));
        ws.set_name(&name)?;
        write_table(ws, &t.df, t.rows, &f, data.provenance.min_cell, lang)?;
        if t.rows > MAX_ROWS {
            cut.push((tx.cut_sheet)(&name, MAX_ROWS, t.rows));
        }
        if t.kind == crate::tally::Kind::CompanyCodes {
            let ws = wb.add_worksheet();
            let name = names.take(tx.matrix_sheet);
            ws.set_name(&name)?;
            write_matrix(ws, data, &f, lang)?;
            let m = &data.matrix;
            if m.more_companies > 0 || m.more_codes > 0 {
                cut.push(format!(
                    "{name}: {}",
                    (tx.matrix_more)(m.more_companies, m.more_codes, m.codes.len())
                ));
            }
        }
    }
    if let Some(a) = &data.agreement {
        let ws = wb.add_worksheet();
        ws.set_name(names.take(tx.agreement_sheet))?;
        write_agreement(ws, a, &f, lang)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(names.take(tx.about_sheet))?;
    write_about(ws, &about_rows(data, lang), &cut, tables, lang, &f)?;
    wb.save(path)
}

/// A workbook of one table (`compare`): the table's sheet named `sheet`, then an about sheet
/// of `about` rows; returns the file's bytes.
pub fn single(
    sheet: &str,
    df: &DataFrame,
    about: &[(String, Cell)],
    lang: Language,
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let tx = Texts::get(lang);
    let mut wb = Workbook::new();
    let mut names = SheetNames::default();
    let ws = wb.add_worksheet();
    ws.set_name(names.take(sheet))?;
    write_table(ws, df, df.height(), &f, 0, lang)?;
    let ws = wb.add_worksheet();
    ws.set_name(names.take(tx.about_sheet))?;
    let rows: Vec<(&str, Cell)> = about.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    write_about(ws, &rows, &[], &[], lang, &f)?;
    wb.save_to_buffer()
}

/// The run's agreement of automatic with manual coding, one row per code.
fn write_agreement(
    ws: &mut Worksheet,
    a: &super::data::AgreementView,
    f: &Formats,
    lang: Language,
) -> Result<(), XlsxError> {
    let header = [
        "code",
        "label",
        "auto",
        "manual",
        "both",
        "precision",
        "recall",
        "f1",
        "kappa",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, column_header(lang, h), &f.header)?;
    }
    for (i, r) in a.rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &r.code)?;
        ws.write_string(row, 1, &r.label)?;
        ws.write_number(row, 2, r.t.first() as f64)?;
        ws.write_number(row, 3, r.t.second() as f64)?;
        ws.write_number(row, 4, r.t.both as f64)?;
        for (c, v) in [r.precision.0, r.recall.0, r.f1.0, r.kappa.0]
            .into_iter()
            .enumerate()
        {
            if let Some(v) = v {
                ws.write_number_with_format(row, 5 + c as u16, v, &f.decimal)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, a.rows.len() as u32, header.len() as u16 - 1)?;
    print_setup(ws, 1)?;
    ws.autofit();
    Ok(())
}

/// Companies as rows, codes as columns (codebook order) headed by their labels with their ids
/// in a second row, segments per cell, 0 where none; see [`super::data::Matrix`] for which
/// companies and codes it shows.
fn write_matrix(
    ws: &mut Worksheet,
    data: &ReportData,
    f: &Formats,
    lang: Language,
) -> Result<(), XlsxError> {
    let tx = Texts::get(lang);
    let m = &data.matrix;
    ws.write_string_with_format(0, 0, tx.company, &f.header)?;
    ws.write_string_with_format(1, 0, tx.code_ids, &f.ids)?;
    for (ci, id) in m.codes.iter().enumerate() {
        let c = ci as u16 + 1;
        let label = data.code(id).map_or(id.as_str(), |c| c.label.as_str());
        ws.write_string_with_format(0, c, label, &f.header)?;
        ws.write_string_with_format(1, c, id, &f.ids)?;
    }
    for (ri, (company, row)) in m.rows.iter().enumerate() {
        let r = ri as u32 + 2;
        ws.write_string(r, 0, company)?;
        for (ci, &n) in row.iter().enumerate() {
            ws.write_number(r, ci as u16 + 1, n)?;
        }
    }
    ws.set_freeze_panes(2, 1)?;
    // The filter buttons sit on the ids, so that sorting keeps both header rows in place.
    ws.autofilter(1, 0, m.rows.len() as u32 + 1, m.codes.len() as u16)?;
    print_setup(ws, 2)?;
    ws.set_repeat_columns(0, 0)?;
    ws.autofit();
    // Labels are wrapped rather than widening their columns past a number's need.
    for ci in 0..m.codes.len() {
        ws.set_column_width(ci as u16 + 1, 14)?;
    }
    ws.set_row_height(0, 45)?;
    if m.more_companies > 0 || m.more_codes > 0 {
        ws.write_string_with_format(
            0,
            m.codes.len() as u16 + 2,
            (tx.matrix_more)(m.more_companies, m.more_codes, m.codes.len()),
            &f.note,
        )?;
    }
    Ok(())
}

/// A value on the provenance sheet: numbers are stored as numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Number(n as f64)
    }
}

/// The run's provenance, as the about sheet lists it.
fn about_rows(data: &ReportData, lang: Language) -> Vec<(&'static str, Cell)> {
    let p = &data.provenance;
    let tx = Texts::get(lang);
    let yes_no = |b: bool| Cell::Text(if b { tx.yes } else { tx.no }.to_owned());
    vec![
        (tx.codebook, p.codebook_name.clone().into()),
        (tx.codebook_version, p.codebook_version.clone().into()),
        (tx.codebook_sha256, p.codebook_sha256.clone().into()),
        (tx.interviews, data.interviews.into()),
        (tx.companies, data.companies.into()),
        (tx.segments, data.segments.into()),
        (tx.coded_segments, data.coded_segments.into()),
        (tx.input_files, p.inputs.into()),
        (tx.run_started, p.started.clone().into()),
        (tx.run_finished, p.finished.clone().into()),
        (
            tx.min_cell,
            if p.min_cell == 0 {
                Cell::Text(tx.none.to_owned())
            } else {
                (p.min_cell as usize).into()
            },
        ),
        (tx.pseudonymized, yes_no(p.pseudonymized)),
        (tx.text_included, yes_no(p.text_included)),
        (tx.tool, format!("skillgap {}", p.tool_version).into()),
        (tx.how_to_read, tx.how_to_read_text.to_owned().into()),
    ]
}

/// The provenance sheet: `rows`, the sheets cut short (`cut`), and each header of the
/// `tables` with the CSV column it stands for.
fn write_about(
    ws: &mut Worksheet,
    rows: &[(&str, Cell)],
    cut: &[String],
    tables: &[Table],
    lang: Language,
    f: &Formats,
) -> Result<(), XlsxError> {
    let tx = Texts::get(lang);
    let mut r = 0u32;
    for (k, v) in rows {
        ws.write_string_with_format(r, 0, *k, &f.header)?;
        match v {
            Cell::Text(s) => ws.write_string_with_format(r, 1, s, &f.wrap)?,
            Cell::Number(n) => ws.write_number(r, 1, *n)?,
        };
        r += 1;
    }
    if !cut.is_empty() {
        ws.write_string_with_format(r, 0, tx.cut_sheets, &f.header)?;
        ws.write_string_with_format(r, 1, cut.join("\n"), &f.wrap)?;
        r += 1;
    }
    // Every header of the sheets once, with its column in the CSV and Parquet files.
    let mut seen = BTreeSet::new();
    let mut columns: Vec<(&str, &str)> = Vec::new();
    for t in tables {
        for name in t.df.get_column_names() {
            let name = name.as_str();
            let header = column_header(lang, name);
            if header != name && seen.insert(name) {
                columns.push((header, name));
            }
        }
    }
    if !columns.is_empty() {
        r += 1;
        ws.write_string_with_format(r, 0, tx.columns, &f.header)?;
        r += 1;
        for (header, name) in columns {
            ws.write_string(r, 0, header)?;
            ws.write_string(r, 1, name)?;
            r += 1;
        }
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 90)?;
    ws.set_landscape();
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The XML of one part of a workbook.
    fn part(path: &Path, name: &str) -> String {
        let mut zip = ::zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    }

    #[test]
    fn long_tables_are_cut_with_a_note_right_of_the_data() {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let n = MAX_ROWS + 5;
        let df = df!("segment" => (0..n as u32).collect::<Vec<_>>()).unwrap();
        let tables = [Table::new(crate::tally::Kind::Segments, df)];
        let dir = tempfile::tempdir().unwrap();
        for (lang, sheet, header, note, cut) in [
            (
                Language::Sv,
                "Segment",
                "Segment nr",
                "… ytterligare 5 rader finns i CSV- och Parquet-filerna",
                "Segment: 20000 av 20005 rader visas",
            ),
            (
                Language::En,
                "Segments",
                "Segment no.",
                "… 5 more rows in the CSV and Parquet files",
                "Segments: 20000 of 20005 rows shown",
            ),
        ] {
            let path = dir.path().join("r.xlsx");
            write(&path, &tables, &ReportData::default(), lang).unwrap();
            let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
            let range = wb.worksheet_range(sheet).unwrap();
            assert_eq!(range.height(), MAX_ROWS + 1);
            assert_eq!(range.get((0, 0)), Some(&Data::String(header.into())));
            assert_eq!(
                range.get((MAX_ROWS, 0)),
                Some(&Data::Float((MAX_ROWS - 1) as f64))
            );
            // The note is in the header row, a column right of the data.
            assert_eq!(range.get((0, 2)), Some(&Data::String(note.into())));
            let about = wb.worksheet_range(Texts::get(lang).about_sheet).unwrap();
            let cuts: Vec<&Data> = about.rows().map(|r| &r[1]).collect();
            assert!(cuts.contains(&&Data::String(cut.into())), "{cuts:?}");
            let xml = part(&path, "xl/worksheets/sheet1.xml");
            assert!(xml.contains("<autoFilter ref=\"A1:A20001\"/>"), "{xml}");
            assert!(xml.contains("orientation=\"landscape\""), "{xml}");
            assert!(xml.contains("paperSize=\"9\""), "{xml}");
            let book = part(&path, "xl/workbook.xml");
            assert!(
                book.contains(&format!(
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'{sheet}'!$1:$1</definedName>"
                )) || book.contains(&format!(
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">{sheet}!$1:$1</definedName>"
                )),
                "{book}"
            );
        }
    }

    #[test]
    fn the_matrix_has_labels_over_ids_and_the_about_sheet_numbers() {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let mut data = ReportData {
            interviews: 3,
            companies: 2,
            ..Default::default()
        };
        data.codes = vec![super::super::data::CodeRow {
            id: "plc".into(),
            label: "PLC-programmering".into(),
            category: "specialist".into(),
            parent: None,
            depth: 0,
            has_children: false,
            facets: Default::default(),
            segments: 2,
            mentions: 2,
            companies: Some(2),
            share: Some(1.0),
            ci_low: None,
            ci_high: None,
            mention_companies: Some(2),
            direct: Some(2),
        }];
        data.matrix = super::super::data::Matrix {
            codes: vec!["plc".into()],
            rows: vec![("A".into(), vec![1]), ("B".into(), vec![1])],
            more_companies: 0,
            more_codes: 4,
        };
        data.provenance.min_cell = 3;
        let df = df!("company" => ["A", "B"], "code" => ["plc", "plc"]).unwrap();
        let tables = [Table::new(crate::tally::Kind::CompanyCodes, df)];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
        write(&path, &tables, &data, Language::Sv).unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(
            wb.sheet_names(),
            ["Företag och koder", "Företag × kod", "Om rapporten"]
        );
        let m = wb.worksheet_range("Företag × kod").unwrap();
        let s = |x: &str| Data::String(x.into());
        assert_eq!(m.get((0, 0)), Some(&s("Företag")));
        assert_eq!(m.get((0, 1)), Some(&s("PLC-programmering")));
        assert_eq!(m.get((1, 1)), Some(&s("plc")));
        assert_eq!(m.get((2, 0)), Some(&s("A")));
        assert_eq!(m.get((3, 1)), Some(&Data::Float(1.0)));
        // The note is right of the matrix, not under column A.
        assert_eq!(
            m.get((0, 3)),
            Some(&s(
                "… 4 koder till (de 1 som flest företag nämner visas); alla par finns i company_codes"
            ))
        );
        assert_eq!(m.get((4, 0)), None);
        let about = wb.worksheet_range("Om rapporten").unwrap();
        let row = |label: &str| {
            about
                .rows()
                .find(|r| r[0] == s(label))
                .map(|r| r[1].clone())
        };
        assert_eq!(row("Intervjuer"), Some(Data::Float(3.0)));
        assert_eq!(row("Minsta cellstorlek (min_cell)"), Some(Data::Float(3.0)));
        assert_eq!(row("Företag"), Some(Data::Float(2.0)));
        assert_eq!(row("Kod"), Some(s("code")));
        let xml = part(&path, "xl/worksheets/sheet2.xml");
        assert!(xml.contains("<autoFilter ref=\"A2:B4\"/>"), "{xml}");
        assert!(xml.contains("ySplit=\"2\""), "{xml}");
    }

    #[test]
    fn sheet_names_stay_distinct_after_the_cut() {
        let mut n = SheetNames::default();
        let long = "a".repeat(40);
        assert_eq!(n.take(&long), "a".repeat(31));
        assert_eq!(
            n.take(&long.to_uppercase()),
            format!("{} (2)", "A".repeat(27))
        );
        assert_eq!(n.take("x/y"), "x_y");
    }

    #[test]
    fn long_text_is_clipped_to_excel_limit() {
        let long = "å".repeat(MAX_TEXT + 10);
        assert_eq!(clip(&long).chars().count(), MAX_TEXT);
        assert!(clip(&long).ends_with('…'));
        assert_eq!(clip("kort"), "kort");
    }
}
