//! How long writing a calendar takes: a body's iCalendar feed of 2,000
//! meetings (the most a calendar lists), built from rows in memory, so the
//! figure is the writing alone (the database read is measured by
//! `bench/scale.sh`).
//!
//! Run: `cargo bench --bench calendar` (optionally `-- ITERATIONS [MEETINGS]`).
//! Prints mean, p50 and p99 per calendar, its size, and the cost per event.

use chrono::{Duration as Days, NaiveDate, NaiveDateTime};
use minutebook::domain::lifecycle::{MeetingStatus, MinutesStatus};
use minutebook::public::feeds::calendar;
use minutebook::store::bodies::BodyRow;
use minutebook::store::meetings::MeetingRow;
use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn at(days: i64, hour: u32) -> NaiveDateTime {
    let d = NaiveDate::from_ymd_opt(2023, 7, 19).unwrap_or_default() - Days::days(days);
    d.and_hms_opt(hour, 30, 0).unwrap_or_default()
}

fn body() -> BodyRow {
    BodyRow {
        id: "b1".into(),
        name: "Safer Stockton Partnership".into(),
        slug: "ssp".into(),
        minute_prefix: "SSP".into(),
        kind: "partnership".into(),
        numbering_format: "{prefix}/{n}/{yy}".into(),
        year_start_month: 5,
        description: None,
        created_at: at(4000, 9),
        updated_at: at(4000, 9),
        deleted_at: None,
        version: 1,
    }
}

fn meeting(n: i64) -> MeetingRow {
    let starts = at(n * 7, 8 + (n % 3) as u32);
    MeetingRow {
        id: format!("6f1c2d3e-0000-4000-8000-{n:012}"),
        body_id: "b1".into(),
        title: (n % 4 == 0).then(|| "Budget; priorities, and \"more\"".to_string()),
        starts_at: starts,
        ends_at: (n % 2 == 0).then(|| starts + Days::minutes(90)),
        venue_name: Some("Meeting Room 1, Jim Cooke Conference Suite".into()),
        venue_address: Some("Stockton Central Library, Church Road\nStockton on Tees".into()),
        venue_postcode: Some("TS18 1TU".into()),
        contact_name: Some("Judy Trainer".into()),
        contact_role: None,
        contact_email: None,
        status: if n % 25 == 0 {
            MeetingStatus::Cancelled
        } else {
            MeetingStatus::Held
        },
        minutes_status: MinutesStatus::Published,
        agenda_published_at: Some(starts - Days::days(8)),
        created_at: starts - Days::days(30),
        updated_at: starts + Days::days(10),
        deleted_at: None,
        version: 7,
    }
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| a.parse::<usize>().ok());
    let iterations = args.next().unwrap_or(200);
    let count = args.next().unwrap_or(2000);
    let b = body();
    let bodies = HashMap::from([(b.id.clone(), b)]);
    let meetings: Vec<MeetingRow> = (0..count as i64).map(meeting).collect();
    let name = "Safer Stockton Partnership: meetings";
    let url = "https://democracy.example.gov.uk";
    type Writer = fn(&str, &[MeetingRow], &HashMap<String, BodyRow>, &str) -> String;
    // (The icalendar crate's writer, measured beside it until it was
    // removed: docs/performance.md.)
    let writers: [(&str, Writer); 1] = [("Ics writer", calendar)];
    // `--only N` measures one writer (for a profiler).
    let only: Option<usize> = std::env::var("CALENDAR_ONLY")
        .ok()
        .and_then(|v| v.parse().ok());
    for (i, (label, write)) in writers.into_iter().enumerate() {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        let size = write(name, &meetings, &bodies, url).len();
        for _ in 0..iterations.min(10) {
            black_box(write(name, &meetings, &bodies, url));
        }
        let mut times: Vec<Duration> = (0..iterations)
            .map(|_| {
                let t = Instant::now();
                black_box(write(black_box(name), black_box(&meetings), &bodies, url));
                t.elapsed()
            })
            .collect();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "{label:<26} {count} events, {iterations} runs: mean {:.2} ms, p50 {:.2} ms, p99 {:.2} ms, {} kB, {:.2} µs an event",
            ms(mean),
            ms(pct(0.5)),
            ms(pct(0.99)),
            size / 1000,
            ms(mean) * 1000.0 / count.max(1) as f64
        );
    }
}
