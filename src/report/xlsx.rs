//! The workbook `report.xlsx` is the tables for people who read them in Excel or LibreOffice:
//! one sheet per table with a bold, frozen header row and fitted columns, numbers stored as
//! numbers (shares formatted as percentages), a company × code matrix, and a sheet with the
//! run's provenance. Suppressed cells (publication mode) read `<k`, never 0.

use std::path::Path;

use polars::prelude::*;
use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::data::ReportData;
use super::texts::Workbook as Texts;
use super::Language;
use crate::tally::Table;

pub use super::MAX_ROWS;
/// Excel's longest cell text.
const MAX_TEXT: usize = 32_767;

const PERCENT_COLUMNS: [&str; 4] = ["company_share", "ci_low", "ci_high", "share"];

struct Formats {
    header: Format,
    percent: Format,
    decimal: Format,
    suppressed: Format,
    wrap: Format,
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

/// Writes one table to a sheet.
fn write_table(
    ws: &mut Worksheet,
    df: &DataFrame,
    total: usize,
    f: &Formats,
    min_cell: u32,
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
        ws.write_string_with_format(0, c, name, &f.header)?;
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
                let fmt = if PERCENT_COLUMNS.contains(&name) {
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
    if total > rows {
        ws.write_string_with_format(
            rows as u32 + 1,
            0,
            format!("… {} more rows in the CSV and Parquet files", total - rows),
            &f.suppressed,
        )?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    // Autofit sizes text columns to their longest cell; keep whole segments readable instead.
    if let Some(ti) = df
        .get_column_names()
        .iter()
        .position(|n| n.as_str() == "text")
    {
        ws.set_column_width(ti as u16, 80)?;
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
    let f = Formats {
        header: Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xE8EEF4)),
        percent: Format::new().set_num_format("0.0%"),
        decimal: Format::new().set_num_format("0.0000"),
        suppressed: Format::new()
            .set_italic()
            .set_font_color(Color::Gray)
            .set_align(FormatAlign::Right),
        wrap: Format::new().set_text_wrap(),
    };
    let mut wb = Workbook::new();
    // The fastest deflate level: the workbook is rewritten on every run, where time matters
    // more than a somewhat larger file (see docs/benchmarks.md).
    wb.set_zip_compression_level(1);
    let mut ordered: Vec<&Table> = tables.iter().collect();
    ordered.sort_by_key(|t| t.kind.sheet_rank());
    let mut cut: Vec<String> = ordered
        .iter()
        .filter(|t| t.rows > MAX_ROWS)
        .map(|t| format!("{} ({} rows)", t.name, t.rows))
        .collect();
    if matrix_note(&data.matrix).is_some() {
        cut.push(format!(
            "company × code ({} more companies, {} more codes)",
            data.matrix.more_companies, data.matrix.more_codes
        ));
    }
    for t in ordered {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&t.name))?;
        write_table(ws, &t.df, t.rows, &f, data.provenance.min_cell)?;
        if t.kind == crate::tally::Kind::CompanyCodes {
            let ws = wb.add_worksheet();
            ws.set_name(Texts::get(lang).matrix_sheet)?;
            write_matrix(ws, data, &f)?;
        }
    }
    if let Some(a) = &data.agreement {
        let ws = wb.add_worksheet();
        ws.set_name("agreement")?;
        write_agreement(ws, a, &f)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(Texts::get(lang).about_sheet)?;
    write_about(ws, data, lang, &cut, &f)?;
    wb.save(path)
}

/// The run's agreement of automatic with manual coding, one row per code.
fn write_agreement(
    ws: &mut Worksheet,
    a: &super::data::AgreementView,
    f: &Formats,
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
        ws.write_string_with_format(0, c as u16, *h, &f.header)?;
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
    ws.autofit();
    Ok(())
}

/// Companies as rows, codes as columns (codebook order), segments per cell, 0 where none; see
/// [`super::data::Matrix`] for which companies and codes it shows.
fn write_matrix(ws: &mut Worksheet, data: &ReportData, f: &Formats) -> Result<(), XlsxError> {
    let m = &data.matrix;
    ws.write_string_with_format(0, 0, "company", &f.header)?;
    for (ci, id) in m.codes.iter().enumerate() {
        ws.write_string_with_format(0, ci as u16 + 1, id, &f.header)?;
    }
    for (ri, (company, row)) in m.rows.iter().enumerate() {
        let r = ri as u32 + 1;
        ws.write_string(r, 0, company)?;
        for (ci, &n) in row.iter().enumerate() {
            ws.write_number(r, ci as u16 + 1, n)?;
        }
    }
    if let Some(note) = matrix_note(m) {
        ws.write_string_with_format(m.rows.len() as u32 + 1, 0, note, &f.suppressed)?;
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofit();
    Ok(())
}

/// What the matrix leaves out, if anything.
fn matrix_note(m: &super::data::Matrix) -> Option<String> {
    let mut parts = Vec::new();
    if m.more_companies > 0 {
        parts.push(format!("{} more companies", m.more_companies));
    }
    if m.more_codes > 0 {
        parts.push(format!(
            "{} more codes (the {} that most companies mention are shown)",
            m.more_codes,
            m.codes.len()
        ));
    }
    (!parts.is_empty())
        .then(|| format!("… {}; every pair is in company_codes", parts.join(" and ")))
}

/// The provenance sheet; `cut` names the tables cut short in this workbook.
fn write_about(
    ws: &mut Worksheet,
    data: &ReportData,
    lang: Language,
    cut: &[String],
    f: &Formats,
) -> Result<(), XlsxError> {
    let p = &data.provenance;
    let tx = Texts::get(lang);
    let yes_no = |b: bool| if b { tx.yes } else { tx.no };
    let mut rows: Vec<(&str, String)> = vec![
        (tx.codebook, p.codebook_name.clone()),
        (tx.codebook_version, p.codebook_version.clone()),
        (tx.codebook_sha256, p.codebook_sha256.clone()),
        (tx.interviews, data.interviews.to_string()),
        (tx.companies, data.companies.to_string()),
        (tx.segments, data.segments.to_string()),
        (tx.coded_segments, data.coded_segments.to_string()),
        (tx.input_files, p.inputs.to_string()),
        (tx.run_started, p.started.clone()),
        (tx.run_finished, p.finished.clone()),
        (
            tx.min_cell,
            if p.min_cell == 0 {
                tx.none.to_owned()
            } else {
                p.min_cell.to_string()
            },
        ),
        (tx.pseudonymized, yes_no(p.pseudonymized).to_owned()),
        (tx.text_included, yes_no(p.text_included).to_owned()),
        (tx.tool, format!("skillgap {}", p.tool_version)),
        (tx.how_to_read, tx.how_to_read_text.to_owned()),
    ];
    if !cut.is_empty() {
        rows.push((
            tx.cut_sheets,
            format!("{} – {MAX_ROWS} {}", cut.join(", "), tx.rows_shown),
        ));
    }
    for (r, (k, v)) in rows.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, *k, &f.header)?;
        ws.write_string_with_format(r as u32, 1, v, &f.wrap)?;
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 90)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tables_are_cut_with_a_note() {
        use calamine::{open_workbook, Data, Reader, Xlsx};
        let n = MAX_ROWS + 5;
        let df = df!("n" => (0..n as u32).collect::<Vec<_>>()).unwrap();
        let tables = [Table::new(crate::tally::Kind::Segments, df)];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
        write(&path, &tables, &ReportData::default(), Language::Sv).unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let range = wb.worksheet_range("segments").unwrap();
        assert_eq!(range.height(), MAX_ROWS + 2);
        assert_eq!(
            range.get((MAX_ROWS, 0)),
            Some(&Data::Float((MAX_ROWS - 1) as f64))
        );
        assert_eq!(
            range.get((MAX_ROWS + 1, 0)),
            Some(&Data::String(
                "… 5 more rows in the CSV and Parquet files".into()
            ))
        );
    }

    #[test]
    fn long_text_is_clipped_to_excel_limit() {
        let long = "å".repeat(MAX_TEXT + 10);
        assert_eq!(clip(&long).chars().count(), MAX_TEXT);
        assert!(clip(&long).ends_with('…'));
        assert_eq!(clip("kort"), "kort");
    }
}
