//! Email bodies, from the templates in `templates/mail/` of the shared
//! environment: the draft minutes to the chair (and the reminder), as text
//! and HTML, and the chair's decision to the clerk, as text. The text
//! bodies are not escaped (their names end in `.txt`); the HTML one is.

use super::templates;
use minijinja::{context, Value};
use minutebook_ground::error::AppResult;
use serde::Serialize;

/// What the email that asks the chair to approve the draft says.
#[derive(Debug, Serialize)]
pub struct DraftForChair<'a> {
    pub to_name: &'a str,
    /// The body whose meeting it was.
    pub body: &'a str,
    /// The date of the meeting, e.g. "Wednesday, 19th July, 2023".
    pub when: &'a str,
    pub revision: i32,
    /// When the link expires, e.g. "2 August 2023".
    pub expires: &'a str,
    pub link: &'a str,
    /// A reminder: the chair has not decided yet.
    pub reminder: bool,
}

/// An email's text and HTML alternatives.
#[derive(Debug)]
pub struct Bodies {
    pub text: String,
    pub html: String,
}

/// The draft to the chair: the text part ends with the minutes as text,
/// the HTML part with the body of the minutes' HTML page.
pub fn draft_for_chair(
    mail: &DraftForChair,
    minutes_text: &str,
    minutes_page: &str,
) -> AppResult<Bodies> {
    let fields = Value::from_serialize(mail);
    Ok(Bodies {
        text: templates::render(
            "mail/approval_request.txt",
            context! { minutes => minutes_text, ..fields.clone() },
        )?,
        html: templates::render(
            "mail/approval_request.html",
            context! { minutes => Value::from_safe_string(body_of(minutes_page)), ..fields },
        )?,
    })
}

/// The `<body>` of a rendered HTML page, to inline it in an email.
fn body_of(page: &str) -> String {
    let start = page
        .find("<body")
        .and_then(|i| page[i..].find('>').map(|j| i + j + 1));
    let end = page.rfind("</body>");
    match (start, end) {
        (Some(s), Some(e)) if s < e => page[s..e].to_string(),
        _ => page.to_string(),
    }
}

/// What the email that tells the clerk the chair's decision says.
#[derive(Debug, Serialize)]
pub struct DecisionForClerk<'a> {
    pub to_name: &'a str,
    /// "approved", "asked for changes to".
    pub verdict: &'a str,
    pub revision: i32,
    pub body: &'a str,
    pub when: &'a str,
    pub comment: Option<&'a str>,
}

/// The decision to the clerk, as text.
pub fn decision_for_clerk(mail: &DecisionForClerk) -> AppResult<String> {
    templates::render("mail/approval_decision.txt", mail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(reminder: bool) -> DraftForChair<'static> {
        DraftForChair {
            to_name: "Cllr <Jo> O'Neil & co",
            body: "Safer Stockton Partnership",
            when: "Wednesday, 19th July, 2023",
            revision: 3,
            expires: "2 August 2023",
            link: "https://minutes.example.gov.uk/approvals/abc?x=1&y=2",
            reminder,
        }
    }

    const PAGE: &str =
        "<!DOCTYPE html>\n<html>\n<body class=\"minutes\">\n<h1>SSP/1/23 &amp; more</h1>\n</body>\n</html>";

    #[test]
    fn the_text_draft_reads_as_written_and_is_not_escaped() {
        let b = draft_for_chair(&draft(false), "MINUTES <as text>\n", PAGE).unwrap();
        assert_eq!(
            b.text,
            "Dear Cllr <Jo> O'Neil & co,\n\nThe draft minutes of the meeting of Safer Stockton Partnership held on Wednesday, 19th July, 2023 (revision 3) are below and attached as a Word document.\n\nTo approve them, or to ask for changes, open this link (it works once and expires on 2 August 2023):\n\nhttps://minutes.example.gov.uk/approvals/abc?x=1&y=2\n\nOpening the link does not approve anything: you will be asked to press a button.\n\n----------------------------------------\n\nMINUTES <as text>\n"
        );
        let r = draft_for_chair(&draft(true), "M", PAGE).unwrap();
        assert!(r.text.starts_with("Dear Cllr <Jo> O'Neil & co,\n\nThis is a reminder: we have not yet had your decision. The draft minutes of"));
        assert!(r
            .text
            .ends_with("press a button.\n\n----------------------------------------\n\nM"));
    }

    #[test]
    fn the_html_draft_escapes_every_value_and_inlines_the_minutes() {
        let b = draft_for_chair(&draft(true), "M", PAGE).unwrap();
        assert_eq!(
            b.html,
            "<!doctype html><html><body style=\"font-family:Arial,sans-serif\"><p>Dear Cllr &lt;Jo&gt; O&#39;Neil &amp; co,</p><p>This is a reminder: we have not yet had your decision. The draft minutes of the meeting of Safer Stockton Partnership held on Wednesday, 19th July, 2023 (revision 3) are below and attached as a Word document.</p><p><a href=\"https://minutes.example.gov.uk/approvals/abc?x=1&amp;y=2\" style=\"display:inline-block;padding:12px 20px;background:#005ea5;color:#fff;text-decoration:none;border-radius:4px\">Approve or ask for changes</a></p><p>Opening the link does not approve anything: you will be asked to press a button. It works once and expires on 2 August 2023.</p><hr>\n<h1>SSP/1/23 &amp; more</h1>\n</body></html>"
        );
    }

    #[test]
    fn the_decision_names_the_comment_or_none() {
        let mut d = DecisionForClerk {
            to_name: "Cllr A <B>",
            verdict: "asked for changes to",
            revision: 4,
            body: "Safer Stockton Partnership",
            when: "Wednesday, 19th July, 2023",
            comment: Some("Item 3 & <4>:\nplease fix"),
        };
        assert_eq!(
            decision_for_clerk(&d).unwrap(),
            "Cllr A <B> asked for changes to revision 4 of the draft minutes of Safer Stockton Partnership held on Wednesday, 19th July, 2023.\n\nComment: Item 3 & <4>:\nplease fix\n"
        );
        d.comment = None;
        assert!(decision_for_clerk(&d)
            .unwrap()
            .ends_with("2023.\n\nComment: (none)\n"));
    }
}
