//! Where a search hit leads on the public pages.

use crate::query::Hit;

impl Hit {
    /// Where the hit is on the public pages: the meeting's page, at the
    /// outcome, paper or item that matched.
    pub fn page_path(&self) -> String {
        let anchor = match (&self.outcome_id, &self.document_id, &self.item_id) {
            (Some(o), _, _) => format!("#outcome-{o}"),
            (_, Some(d), _) => format!("#doc-{d}"),
            (_, _, Some(i)) => format!("#item-{i}"),
            _ => String::new(),
        };
        format!("/meetings/{}{anchor}", self.meeting_id)
    }
}
