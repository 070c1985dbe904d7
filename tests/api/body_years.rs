//! The public body page of a body with years of history: upcoming meetings,
//! then one municipal year newest first, with links to every other year;
//! the page stays small however many meetings the body has had.

use crate::helpers::spawn_app;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde_json::json;

#[tokio::test]
async fn a_body_with_years_of_meetings_shows_its_newest_and_stays_small() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    // 330 weekly meetings, the last a week ago: more than any page lists.
    let mut ids = Vec::new();
    for week in (1..=330).rev() {
        let at = (Utc::now() - Duration::weeks(week)).format("%Y-%m-%dT10:00:00Z");
        ids.push(app.meeting("ssp", &at.to_string()).await);
    }
    // Published in one statement (the API would want an item in each).
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    diesel::sql_query("UPDATE meetings SET status = 'agenda_published'")
        .execute(&mut conn)
        .unwrap();
    let next = app
        .meeting(
            "ssp",
            &(Utc::now() + Duration::weeks(2))
                .format("%Y-%m-%dT10:00:00Z")
                .to_string(),
        )
        .await;
    diesel::sql_query("UPDATE meetings SET status = 'agenda_published'")
        .execute(&mut conn)
        .unwrap();
    let (oldest, newest) = (&ids[0], &ids[ids.len() - 1]);

    let page = app.get("/bodies/ssp", None).await.expect(200);
    assert!(page.text.len() < 100_000, "{} bytes", page.text.len());
    assert!(page.text.contains(&format!("/meetings/{newest}")));
    assert!(page.text.contains(&format!("/meetings/{next}")));
    assert!(!page.text.contains(&format!("/meetings/{oldest}")));
    // Newest first.
    let at = |id: &str| page.text.find(&format!("/meetings/{id}")).unwrap();
    assert!(at(newest) < at(&ids[ids.len() - 2]));

    // Every year is linked; the oldest year's page shows the oldest meeting.
    let links: Vec<&str> = page
        .text
        .match_indices("/bodies/ssp?year=")
        .map(|(i, _)| &page.text[i..i + 21])
        .collect();
    assert!(links.len() >= 6, "{links:?}");
    let first_year = links
        .last()
        .unwrap()
        .trim_start_matches("/bodies/ssp?year=");
    let old = app
        .get(&format!("/bodies/ssp?year={first_year}"), None)
        .await
        .expect(200);
    assert!(old.text.contains(&format!("/meetings/{oldest}")));
    assert!(!old.text.contains(&format!("/meetings/{newest}")));
    assert!(old.text.len() < 100_000);
    // A year without meetings, or nonsense, still answers a page.
    app.get("/bodies/ssp?year=1900", None).await.expect(200);
    let odd = app.get("/bodies/ssp?year=abc", None).await.expect(200);
    assert!(odd.text.contains(&format!("/meetings/{newest}")));
}

#[tokio::test]
async fn a_busy_year_continues_on_further_pages_newest_first() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    // 130 meetings in municipal year 2024/25, every other day from June:
    // more than one page lists.
    let first = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    let mut ids = Vec::new();
    for n in 0..130 {
        let day = first + chrono::Days::new(2 * n);
        ids.push(app.meeting("ssp", &format!("{day}T10:00:00Z")).await);
    }
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    diesel::sql_query("UPDATE meetings SET status = 'agenda_published'")
        .execute(&mut conn)
        .unwrap();
    let listed = |text: &str| -> Vec<usize> {
        (0..ids.len())
            .filter(|&i| text.contains(&format!("/meetings/{}", ids[i])))
            .collect()
    };
    let href = |text: &str, label: &str| -> Option<String> {
        let end = text.find(&format!(">{label}</a>"))?;
        let start = text[..end].rfind("href=\"")? + 6;
        let stop = start + text[start..].find('"')?;
        Some(text[start..stop].replace("&amp;", "&"))
    };

    let page = app.get("/bodies/ssp?year=2024", None).await.expect(200);
    let shown = listed(&page.text);
    assert_eq!(shown, (30..130).collect::<Vec<_>>());
    let at = |text: &str, i: usize| text.find(&format!("/meetings/{}", ids[i])).unwrap();
    assert!(at(&page.text, 129) < at(&page.text, 128), "newest first");
    assert!(href(&page.text, "Latest meetings of this year").is_none());
    let earlier = href(&page.text, "Earlier meetings of this year").expect("a next page");
    assert!(
        earlier.starts_with("/bodies/ssp?year=2024&before="),
        "{earlier}"
    );

    let next = app.get(&earlier, None).await.expect(200);
    assert_eq!(listed(&next.text), (0..30).collect::<Vec<_>>());
    assert!(at(&next.text, 29) < at(&next.text, 28), "newest first");
    assert!(href(&next.text, "Earlier meetings of this year").is_none());
    assert_eq!(
        href(&next.text, "Latest meetings of this year").as_deref(),
        Some("/bodies/ssp?year=2024")
    );
    // A cursor that is not one shows the year's first page.
    let odd = app
        .get("/bodies/ssp?year=2024&before=zzz", None)
        .await
        .expect(200);
    assert_eq!(listed(&odd.text).len(), 100);
}
