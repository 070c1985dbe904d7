//! Every URL the OParl API gives out.

use super::BODY_KEY;

/// Every URL the API gives out, from the configured public URL.
#[derive(Debug, Clone)]
pub struct Urls {
    pub api: String,
    pub public: String,
}

impl Urls {
    pub fn new(public_url: &str) -> Urls {
        let public = public_url.trim_end_matches('/').to_string();
        Urls {
            api: format!("{public}/oparl/v1"),
            public,
        }
    }
    pub fn system(&self) -> String {
        format!("{}/system", self.api)
    }
    pub fn bodies(&self) -> String {
        format!("{}/bodies", self.api)
    }
    pub fn body(&self) -> String {
        format!("{}/body/{BODY_KEY}", self.api)
    }
    /// One of the body's external lists.
    pub fn body_list(&self, list: &str) -> String {
        format!("{}/body/{BODY_KEY}/{list}", self.api)
    }
    pub fn organization(&self, id: &str) -> String {
        format!("{}/organization/{id}", self.api)
    }
    pub fn organization_meetings(&self, id: &str) -> String {
        format!("{}/organization/{id}/meetings", self.api)
    }
    pub fn person(&self, id: &str) -> String {
        format!("{}/person/{id}", self.api)
    }
    pub fn membership(&self, id: &str) -> String {
        format!("{}/membership/{id}", self.api)
    }
    pub fn meeting(&self, id: &str) -> String {
        format!("{}/meeting/{id}", self.api)
    }
    pub fn invitation(&self, meeting_id: &str) -> String {
        format!("{}/meeting/{meeting_id}/invitation", self.api)
    }
    pub fn results_protocol(&self, meeting_id: &str) -> String {
        format!("{}/meeting/{meeting_id}/results-protocol", self.api)
    }
    pub fn agenda_item(&self, id: &str) -> String {
        format!("{}/agenda-item/{id}", self.api)
    }
    pub fn paper(&self, id: &str) -> String {
        format!("{}/paper/{id}", self.api)
    }
    /// A consultation: the paper (matter) considered under an agenda item.
    pub fn consultation(&self, paper_id: &str, item_id: &str) -> String {
        format!("{}/paper/{paper_id}/consultation/{item_id}", self.api)
    }
    pub fn matter_page(&self, id: &str) -> String {
        format!("{}/forward-plan/{id}", self.public)
    }
    pub fn decision_page(&self, id: &str) -> String {
        format!("{}/decisions/{id}", self.public)
    }
    pub fn file(&self, id: &str) -> String {
        format!("{}/file/{id}", self.api)
    }
    pub fn location(&self, meeting_id: &str) -> String {
        format!("{}/location/{meeting_id}", self.api)
    }
    pub fn legislative_term(&self, key: &str) -> String {
        format!("{}/legislative-term/{key}", self.api)
    }
    pub fn document_content(&self, id: &str) -> String {
        format!("{}/api/v1/documents/{id}/content", self.public)
    }
    pub fn rendered(&self, meeting_id: &str, what: &str, format: &str) -> String {
        format!(
            "{}/api/v1/meetings/{meeting_id}/{what}?format={format}&audience=public",
            self.public
        )
    }
    pub fn meeting_page(&self, id: &str) -> String {
        format!("{}/meetings/{id}", self.public)
    }
    pub fn body_page(&self, slug: &str) -> String {
        format!("{}/bodies/{slug}", self.public)
    }
    pub fn home_page(&self) -> String {
        format!("{}/", self.public)
    }
}
