//! Field errors gathered so a clerk sees all of them at once: the API's
//! JSON checks and the desk's forms apply the same limits the same way.

use minutebook_ground::error::{AppError, AppResult, FieldError};

/// Accumulates field errors so a clerk sees all of them at once.
#[derive(Default)]
pub struct Check(pub Vec<FieldError>);

impl Check {
    pub fn new() -> Check {
        Check::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Longer than `max` characters as sent is an error (the description's
    /// `maxLength` counts the same way); then trims, and blank becomes `None`.
    pub fn text(&mut self, field: &str, v: Option<String>, max: usize) -> Option<String> {
        let v = v?;
        if v.chars().count() > max {
            self.add(field, format!("must be at most {max} characters"));
        }
        let t = v.trim();
        if t.is_empty() {
            return None;
        }
        Some(t.to_string())
    }

    /// Like `text`, but missing or blank is an error.
    pub fn required(&mut self, field: &str, v: Option<String>, max: usize) -> String {
        match self.text(field, v, max) {
            Some(t) => t,
            None => {
                self.add(field, "is required");
                String::new()
            }
        }
    }

    /// For PATCH of a nullable text field.
    pub fn patch_text(
        &mut self,
        field: &str,
        v: Option<Option<String>>,
        max: usize,
    ) -> Option<Option<String>> {
        v.map(|inner| self.text(field, inner, max))
    }

    /// For PATCH of a required text field: null or blank is refused.
    pub fn patch_required(
        &mut self,
        field: &str,
        v: Option<Option<String>>,
        max: usize,
    ) -> Option<String> {
        v.map(|inner| self.required(field, inner, max))
    }

    pub fn one_of(&mut self, field: &str, v: &str, allowed: &[&str]) -> String {
        match minutebook_domain::vocab::one_of(v, allowed) {
            Ok(s) => s,
            Err(m) => {
                self.add(field, m);
                v.to_string()
            }
        }
    }

    pub fn email(&mut self, field: &str, v: Option<String>) -> Option<String> {
        let v = self.text(field, v, 254)?;
        let ok = minutebook_domain::vocab::is_email(&v);
        if !ok {
            self.add(
                field,
                "must be an email address such as name@council.gov.uk",
            );
        }
        Some(v)
    }

    /// A calendar date a clerk could mean: 1900–2200 (both backends store
    /// far more, but PostgreSQL refuses chrono's extreme years).
    pub fn date(&mut self, field: &str, d: Option<chrono::NaiveDate>) -> Option<chrono::NaiveDate> {
        use chrono::Datelike;
        if let Some(v) = d {
            if !(1900..=2200).contains(&v.year()) {
                self.add(field, "must be a date between 1900 and 2200");
            }
        }
        d
    }

    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}
