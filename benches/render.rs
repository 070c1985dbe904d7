//! How long rendering a fifteen-item meeting takes, per format: the
//! documents are rendered on every request, so this must stay small.
//!
//! Run: `cargo bench --bench render` (optionally `-- ITERATIONS`).
//! Prints mean, p50 and p99 per render for the minutes and the agenda in
//! each format, and the cost of the layout alone as a floor to compare.

use chrono::{DateTime, TimeZone, Utc};
use minutebook::read::meeting::{
    Attendance, BodyRef, Contact, Declaration, Item, Meeting, Outcome, Paper, Restricted, Venue,
};
use minutebook::render::{self, Audience, Format};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2023, 7, 19, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

const MINUTES: &str = "An updated report was given to members by the Cleveland Unit for Reduction of Violence (CURV).\n\n\
Curv updated members with work which had been undertaken with the help of partner organisations such as audits and joint readiness assessments.\n\n\
Officers highlighted the following points:\n\n\
- Cleveland would be one of the pilot forces in the action plan, with 1 million in funding being allocated for March 23 to March 24.\n\
- The plan would be using lessons learnt from pilots rolled out across England and Wales.\n\
- The funding allocation for Cleveland in 24/25 was not known yet.\n\n\
Members *noted* the following priorities:\n\n\
1. Serious violence\n\
2. Drugs\n\n\
Members asked if the programme had plans to expand to work alongside the North Tees Hospitals NHS Foundation Trust, which CURV confirmed but advised that they had moved forward with South Tees first due to information access already being in place.";

/// Item `n`'s outcome: every third with two numbered parts.
fn outcome(n: usize, id: &str) -> Outcome {
    Outcome {
        id: format!("o-{n}"),
        item_id: id.into(),
        verb: "AGREED".into(),
        text: if n.is_multiple_of(3) {
            "that:-".into()
        } else {
            "that the report be noted.".into()
        },
        parts: if n.is_multiple_of(3) {
            vec![
                "The content of the strategy be noted.".into(),
                "The strategic direction be endorsed.".into(),
            ]
        } else {
            Vec::new()
        },
        position: 1,
        created_at: at(),
        updated_at: at(),
        version: 1,
    }
}

/// Item `n`'s declarations: one on item 5.
fn declarations(n: usize, id: &str) -> Vec<Declaration> {
    if n == 5 {
        vec![Declaration {
            id: "d".into(),
            item_id: id.into(),
            person_id: "p1".into(),
            person_name: Some("Cllr Steve Nelson".into()),
            nature: "Personal non-prejudicial interest".into(),
            kind: None,
            withdrew: false,
            created_at: at(),
            updated_at: at(),
            version: 1,
        }]
    } else {
        Vec::new()
    }
}

/// Item `n`'s report, a 124 KB PDF.
fn paper(n: usize, id: &str) -> Paper {
    Paper {
        id: format!("doc-{n}"),
        item_id: id.into(),
        title: "Report".into(),
        filename: "report.pdf".into(),
        media_type: "application/pdf".into(),
        size_bytes: 124 * 1024,
        size_label: "PDF 124 KB".into(),
        sha256: String::new(),
        url: format!("http://127.0.0.1:8080/api/v1/documents/doc-{n}/content"),
        restricted: false,
        created_at: at(),
        updated_at: at(),
        version: 1,
    }
}

fn item(n: usize) -> Item {
    let id = format!("item-{n}");
    let restricted = n == 14;
    Item {
        id: id.clone(),
        meeting_id: "m".into(),
        parent_id: None,
        position: n as i32,
        part_letter: None,
        minute_number: Some(format!("SSP/{n}/23")),
        title: format!("Item number {n}: Anti-Social Behaviour Action Plan"),
        kind: "report".into(),
        presenter: Some("Cleveland Police".into()),
        restricted: restricted.then(|| Restricted {
            paragraph: Some(7),
            paragraph_description: None,
            reason: Some("Statistics for the partnership only".into()),
        }),
        public_summary: restricted.then(|| "A restricted report was noted.".into()),
        minutes: Some(MINUTES.into()),
        outcomes: vec![outcome(n, &id)],
        declarations: declarations(n, &id),
        actions: Vec::new(),
        votes: Vec::new(),
        documents: vec![paper(n, &id)],
        parts: Vec::new(),
        created_at: at(),
        updated_at: at(),
        deleted_at: None,
        version: 1,
    }
}

fn attendance(n: usize, status: &str) -> Attendance {
    Attendance {
        id: format!("a-{n}"),
        meeting_id: "m".into(),
        person_id: format!("p-{n}"),
        person_name: Some(format!("Cllr Member {n}")),
        status: status.into(),
        chair: n == 0,
        organisation: Some("Stockton-on-Tees Borough Council".into()),
        substitute_for: None,
        substitute_for_name: None,
        attended_virtually: false,
        absence_reason: None,
        position: n as i32,
        created_at: at(),
        updated_at: at(),
        version: 1,
    }
}

fn meeting() -> Meeting {
    Meeting {
        id: "m".into(),
        body_id: "b".into(),
        body: BodyRef {
            id: "b".into(),
            name: "Safer Stockton Partnership".into(),
            slug: "ssp".into(),
        },
        title: None,
        starts_at: at(),
        ends_at: None,
        venue: Venue {
            name: Some("Meeting Room 1, Jim Cooke Conference Suite".into()),
            address: Some("Church Road, Stockton on Tees".into()),
            postcode: Some("TS18 1TU".into()),
        },
        contact: Contact {
            name: Some("John Devine".into()),
            role: Some("Democratic Services Support Officer".into()),
            email: None,
        },
        status: minutebook::domain::lifecycle::MeetingStatus::Held,
        minutes_status: minutebook::domain::lifecycle::MinutesStatus::Draft,
        agenda_published_at: Some(at()),
        minutes_visible: true,
        preamble: None,
        items: (1..=15).map(item).collect(),
        attendance: (0..12)
            .map(|n| attendance(n, if n < 9 { "present" } else { "apologies" }))
            .collect(),
        minutes_record: Default::default(),
        created_at: at(),
        updated_at: at(),
        version: 1,
    }
}

struct Stats {
    mean: Duration,
    p50: Duration,
    p99: Duration,
}

fn measure(iterations: usize, mut f: impl FnMut() -> usize) -> (Stats, usize) {
    let mut size = 0;
    for _ in 0..iterations / 10 + 1 {
        size = black_box(f());
    }
    let mut times: Vec<Duration> = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    let total: Duration = times.iter().sum();
    let pick = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    (
        Stats {
            mean: total / times.len() as u32,
            p50: pick(0.50),
            p99: pick(0.99),
        },
        size,
    )
}

fn us(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e6)
}

fn main() {
    let iterations: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(500);
    let m = meeting();
    println!("rendering a 15-item meeting, {iterations} iterations per row (µs per render)");
    println!(
        "{:<10} {:<9} {:>10} {:>10} {:>10} {:>10}",
        "document", "format", "mean", "p50", "p99", "bytes"
    );
    let (layout, _) = measure(iterations, || {
        render::minutes::build(&m, Audience::Internal).blocks.len()
    });
    println!(
        "{:<10} {:<9} {:>10} {:>10} {:>10} {:>10}",
        "minutes",
        "(layout)",
        us(layout.mean),
        us(layout.p50),
        us(layout.p99),
        "-"
    );
    for (name, agenda) in [("minutes", false), ("agenda", true)] {
        for format in Format::ALL {
            // Typesetting a PDF takes far longer: a tenth of the renders.
            let n = if format == Format::Pdf {
                (iterations / 10).max(20)
            } else {
                iterations
            };
            let (s, size) = measure(n, || {
                let r = if agenda {
                    render::render_agenda(&m, Audience::Internal, format)
                } else {
                    render::render_minutes(&m, Audience::Internal, format)
                };
                r.map(|r| r.bytes.len()).unwrap_or(0)
            });
            println!(
                "{:<10} {:<9} {:>10} {:>10} {:>10} {:>10}",
                name,
                format.extension(),
                us(s.mean),
                us(s.p50),
                us(s.p99),
                size
            );
        }
    }
}
