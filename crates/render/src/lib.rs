//! Documents in the house style: the minutes and the agenda of a meeting,
//! and the scrutiny progress report and action plan, as HTML for the web
//! and for print, plain text, Markdown, Word (.docx), and archival, tagged
//! PDF (PDF/A-2a).
//!
//! A layout (`minutes`, `agenda`, `scrutiny::progress_report`,
//! `scrutiny::action_plan`) turns what it is given (the meeting read model,
//! a loaded review) into a neutral [`doc::Document`], deciding once what
//! comes in which order and what the audience may see; one writer per
//! format (`html`, `text`, `markdown`, `docx`, `pdf`) only decides how each block
//! looks. Minute text is parsed by [`markup`] with raw HTML disabled, and
//! every writer escapes for its format. Every template the service renders
//! (these documents' pages, the public pages, the chair's page, email
//! bodies) lives in the one environment of [`templates`].

pub mod agenda;
pub mod dates;
pub mod decision_notice;
pub mod doc;
pub mod docx;
pub mod escape;
pub mod html;
pub mod mail;
pub mod markdown;
pub mod markup;
pub mod minutes;
pub mod pdf;
pub mod register;
pub mod scrutiny;
pub mod templates;
pub mod text;
pub mod votes;

use doc::Block;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::{Item, Meeting, Venue};
use minutebook_store::scrutiny::ReviewBundle;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Text,
    Docx,
    Pdf,
}

pub const DOCX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

impl Format {
    /// In order of preference when a client accepts anything.
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Markdown,
        Format::Text,
        Format::Docx,
        Format::Pdf,
    ];

    /// The `?format=` value.
    pub fn parse(v: &str) -> Option<Format> {
        match v.trim().to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "docx" | "word" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Html => "text/html",
            Format::Markdown => "text/markdown",
            Format::Text => "text/plain",
            Format::Docx => DOCX_MEDIA_TYPE,
            Format::Pdf => pdf::MEDIA_TYPE,
        }
    }

    /// The `Content-Type` of a response in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Markdown => "text/markdown; charset=utf-8",
            Format::Text => "text/plain; charset=utf-8",
            Format::Docx => DOCX_MEDIA_TYPE,
            Format::Pdf => pdf::MEDIA_TYPE,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// Which format a media range from `Accept` names, if one.
    fn for_media_type(mt: &str) -> Option<Format> {
        match mt {
            "text/html" | "application/xhtml+xml" => Some(Format::Html),
            "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
            "text/plain" => Some(Format::Text),
            DOCX_MEDIA_TYPE => Some(Format::Docx),
            pdf::MEDIA_TYPE => Some(Format::Pdf),
            _ => None,
        }
    }
}

const FORMAT_CHOICES: &str = "html, md, txt, docx, pdf";

/// The format to answer in: `?format=` if given (a value not known is a
/// 422), otherwise the best of `Accept` (none acceptable is a 406);
/// HTML when neither says.
pub fn negotiate(format: Option<&str>, accept: Option<&str>) -> AppResult<Format> {
    if let Some(v) = format {
        return Format::parse(v)
            .ok_or_else(|| AppError::field("format", format!("must be one of: {FORMAT_CHOICES}")));
    }
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(Format::Html);
    };
    let mut ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|part| {
            let mut bits = part.split(';');
            let mt = bits.next()?.trim().to_ascii_lowercase();
            if mt.is_empty() {
                return None;
            }
            let mut q = 1.0_f32;
            for p in bits {
                if let Some((k, v)) = p.split_once('=') {
                    if k.trim().eq_ignore_ascii_case("q") {
                        q = v.trim().parse().unwrap_or(0.0);
                    }
                }
            }
            Some((mt, q))
        })
        .collect();
    let refused: Vec<Format> = ranges
        .iter()
        .filter(|(_, q)| *q <= 0.0)
        .filter_map(|(mt, _)| Format::for_media_type(mt))
        .collect();
    ranges.retain(|(_, q)| *q > 0.0);
    // Highest q first; among equals, exact types before wildcards, then the
    // client's order (the sort is stable).
    ranges.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.contains('*').cmp(&b.0.contains('*')))
    });
    for (mt, _) in &ranges {
        if let Some(f) = Format::for_media_type(mt) {
            return Ok(f);
        }
        let (kind, sub) = mt.split_once('/').unwrap_or((mt.as_str(), ""));
        if sub == "*" {
            let pick = Format::ALL.into_iter().find(|f| {
                !refused.contains(f) && (kind == "*" || f.media_type().starts_with(kind))
            });
            if let Some(f) = pick {
                return Ok(f);
            }
        }
    }
    Err(AppError::NotAcceptable(format!(
        "this document is available as text/html, text/markdown, text/plain, {DOCX_MEDIA_TYPE} or application/pdf; send one of them in Accept, or choose with ?format={}",
        FORMAT_CHOICES.replace(", ", "|")
    )))
}

/// Who a document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// What the public may see: restricted items show only their number,
    /// title, the Schedule 12A paragraph and any public summary.
    Public,
    /// The clerk's version: everything, marked as containing exempt
    /// information when it does.
    Internal,
}

/// The audience asked for with `?audience=`: by default the internal
/// version for a token holder and the public one otherwise;
/// `internal` needs a token. Exactly one of the two words: an empty or
/// other value is refused, as the API's description says.
pub fn audience(requested: Option<&str>, has_token: bool) -> AppResult<Audience> {
    match requested {
        None => Ok(if has_token {
            Audience::Internal
        } else {
            Audience::Public
        }),
        Some("public") => Ok(Audience::Public),
        Some("internal") if has_token => Ok(Audience::Internal),
        Some("internal") => Err(AppError::Unauthorized(
            "the internal version needs an API token: send Authorization: Bearer <token>".into(),
        )),
        Some(_) => Err(AppError::field("audience", "must be public or internal")),
    }
}

/// A rendered document, ready to send.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub format: Format,
    /// e.g. `ssp-2023-07-19-minutes.docx`.
    pub filename: String,
}

/// Writes a document in a format.
pub fn write(doc: &doc::Document, format: Format) -> AppResult<Vec<u8>> {
    Ok(match format {
        Format::Html => html::write(doc)?.into_bytes(),
        Format::Markdown => markdown::write(doc).into_bytes(),
        Format::Text => text::write(doc).into_bytes(),
        Format::Docx => docx::write(doc)?,
        Format::Pdf => pdf::write(doc)?,
    })
}

fn rendered(m: &Meeting, doc: &doc::Document, format: Format) -> AppResult<Rendered> {
    Ok(Rendered {
        bytes: write(doc, format)?,
        format,
        filename: format!(
            "{}-{}-{}.{}",
            m.body.slug,
            dates::iso_date(m.starts_at),
            doc.kind,
            format.extension()
        ),
    })
}

/// The minutes of `m` for `audience`. `m` must already be what that
/// audience may load (the read model hides what the public may not see);
/// the layout hides restricted content from the public again.
pub fn render_minutes(m: &Meeting, audience: Audience, format: Format) -> AppResult<Rendered> {
    rendered(m, &minutes::build(m, audience), format)
}

/// The agenda of `m` for `audience`.
pub fn render_agenda(m: &Meeting, audience: Audience, format: Format) -> AppResult<Rendered> {
    rendered(m, &agenda::build(m, audience), format)
}

/// The progress report of a review ("Appendix 1"), all rounds or one.
pub fn render_progress_report(
    b: &ReviewBundle,
    opts: &scrutiny::ReportOptions,
    format: Format,
) -> AppResult<Rendered> {
    let doc = scrutiny::progress_report::build(b, opts)?;
    scrutiny::rendered(&doc, &b.review.title, format)
}

/// The action plan of a review.
pub fn render_action_plan(b: &ReviewBundle, format: Format) -> AppResult<Rendered> {
    scrutiny::rendered(&scrutiny::action_plan::build(b), &b.review.title, format)
}

/// "DRAFT: Minutes — Safer Stockton Partnership — Wednesday, 19th July, 2023".
fn title(draft: bool, kind: &str, m: &Meeting) -> String {
    format!(
        "{}{kind} — {} — {}",
        if draft { "DRAFT: " } else { "" },
        m.body.name,
        dates::long_date(m.starts_at)
    )
}

fn any_restricted(items: &[Item]) -> bool {
    items
        .iter()
        .any(|i| i.restricted.is_some() || any_restricted(&i.parts))
}

/// The clerk's version of a meeting with restricted items is marked.
fn exempt_banner(m: &Meeting, audience: Audience) -> Option<String> {
    (audience == Audience::Internal && any_restricted(&m.items))
        .then(|| doc::EXEMPT_BANNER.to_string())
}

/// "Meeting Room 1, Jim Cooke Conference Suite, Church Road, …, TS18 1TU".
fn venue_line(v: &Venue) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for field in [&v.name, &v.address, &v.postcode].into_iter().flatten() {
        for line in field.split(['\n', '\r']) {
            let line = line.trim().trim_end_matches(',').trim();
            if !line.is_empty() && !parts.iter().any(|p| p.contains(line)) {
                parts.push(line.to_string());
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// "Restricted — exempt under paragraph 7 of Schedule 12A to the Local
/// Government Act 1972".
pub fn restriction_text(paragraph: Option<i32>) -> String {
    match paragraph {
        Some(p) => format!(
            "Restricted — exempt under paragraph {p} of Schedule 12A to the Local Government Act 1972"
        ),
        None => "Restricted — exempt under Schedule 12A to the Local Government Act 1972".into(),
    }
}

/// The restriction notice of an item, and for the clerk its reason.
fn restriction_blocks(blocks: &mut Vec<Block>, item: &Item, audience: Audience) {
    let Some(r) = &item.restricted else { return };
    blocks.push(Block::Notice {
        text: restriction_text(r.paragraph),
    });
    if audience == Audience::Internal {
        if let Some(reason) = r.reason.as_deref().filter(|s| !s.trim().is_empty()) {
            blocks.push(Block::field("Reason for restriction:", reason));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neg(format: Option<&str>, accept: Option<&str>) -> AppResult<Format> {
        negotiate(format, accept)
    }

    #[test]
    fn format_parameter_wins_over_accept() {
        assert_eq!(neg(Some("docx"), Some("text/html")).unwrap(), Format::Docx);
        assert_eq!(neg(Some("md"), None).unwrap(), Format::Markdown);
        assert_eq!(neg(Some("TXT"), None).unwrap(), Format::Text);
        assert_eq!(neg(Some("pdf"), Some("text/html")).unwrap(), Format::Pdf);
    }

    #[test]
    fn unknown_format_parameter_is_a_field_error() {
        match neg(Some("odt"), None) {
            Err(AppError::Validation(e)) => assert_eq!(e[0].field, "format"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn accept_chooses_by_quality_and_specificity() {
        assert_eq!(neg(None, None).unwrap(), Format::Html);
        assert_eq!(neg(None, Some("text/plain")).unwrap(), Format::Text);
        assert_eq!(neg(None, Some("text/markdown")).unwrap(), Format::Markdown);
        assert_eq!(neg(None, Some(DOCX_MEDIA_TYPE)).unwrap(), Format::Docx);
        assert_eq!(neg(None, Some("application/pdf")).unwrap(), Format::Pdf);
        assert_eq!(
            neg(None, Some("text/html;q=0.5, text/plain")).unwrap(),
            Format::Text
        );
        assert_eq!(
            neg(
                None,
                Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            )
            .unwrap(),
            Format::Html
        );
        assert_eq!(neg(None, Some("*/*, text/plain")).unwrap(), Format::Text);
        assert_eq!(
            neg(None, Some("text/html;q=0, */*")).unwrap(),
            Format::Markdown
        );
    }

    #[test]
    fn accept_with_nothing_we_make_is_not_acceptable() {
        assert!(matches!(
            neg(None, Some("application/rtf")),
            Err(AppError::NotAcceptable(_))
        ));
        assert!(matches!(
            neg(None, Some("application/json, image/*")),
            Err(AppError::NotAcceptable(_))
        ));
    }

    #[test]
    fn internal_audience_needs_a_token() {
        assert_eq!(audience(None, false).unwrap(), Audience::Public);
        assert_eq!(audience(None, true).unwrap(), Audience::Internal);
        assert_eq!(audience(Some("public"), true).unwrap(), Audience::Public);
        assert!(matches!(
            audience(Some("internal"), false),
            Err(AppError::Unauthorized(_))
        ));
        assert!(matches!(
            audience(Some("secret"), true),
            Err(AppError::Validation(_))
        ));
        // An empty value is not the default: the description's enum has
        // two words and nothing else.
        assert!(matches!(
            audience(Some(""), true),
            Err(AppError::Validation(_))
        ));
    }

    #[test]
    fn venue_lines_are_joined_once() {
        let v = Venue {
            name: Some("Meeting Room 1, Jim Cooke Conference Suite".into()),
            address: Some("Church Road\nStockton on Tees, TS18 1TU".into()),
            postcode: Some("TS18 1TU".into()),
        };
        assert_eq!(
            venue_line(&v).unwrap(),
            "Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU"
        );
    }
}
