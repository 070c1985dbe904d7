//! The closed vocabularies of the domain, each with the list a clerk is told
//! when a value is not in it.

/// Checks `value` is one of `allowed`, answering a message a clerk can act on.
pub fn one_of(value: &str, allowed: &[&str]) -> Result<String, String> {
    if allowed.contains(&value) {
        Ok(value.to_string())
    } else {
        Err(format!("must be one of: {}", allowed.join(", ")))
    }
}

pub const BODY_KINDS: &[&str] = &[
    "partnership",
    "committee",
    "board",
    "scrutiny_panel",
    "select_committee",
    "council",
    "cabinet",
    "sub_committee",
    "working_group",
    "other",
];

pub const MEMBERSHIP_ROLES: &[&str] = &["chair", "vice_chair", "member", "officer", "lead_officer"];

/// Whether an address has the form of an email address (one `@`, a dotted
/// domain, no spaces, angle brackets or commas): the API's and the bulk
/// load's one rule.
pub fn is_email(v: &str) -> bool {
    v.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    }) && !v
        .chars()
        .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
}

/// A membership role as a page prints it.
pub fn membership_role_label(role: &str) -> &'static str {
    match role {
        "chair" => "Chair",
        "vice_chair" => "Vice-chair",
        "member" => "Member",
        "officer" => "Officer",
        "lead_officer" => "Lead officer",
        _ => "Member",
    }
}

pub const ITEM_KINDS: &[&str] = &[
    "apologies",
    "declarations",
    "previous_minutes",
    "matters_arising",
    "any_other_business",
    "report",
    "next_meeting",
    "other",
];

pub const ATTENDANCE_STATUSES: &[&str] =
    &["present", "officer", "in_attendance", "apologies", "absent"];

pub const OUTCOME_VERBS: &[&str] = &["AGREED", "RESOLVED", "NOTED"];

pub const ACTION_STATUSES: &[&str] = &["open", "in_progress", "done", "cancelled"];

pub const TOKEN_ROLES: &[&str] = &["admin", "clerk", "reader"];

/// Schedule 12A to the Local Government Act 1972: the paragraphs that make
/// information exempt, as clerks cite them.
pub fn schedule_12a_paragraph(p: i64) -> Result<i32, String> {
    if (1..=7).contains(&p) {
        Ok(p as i32)
    } else {
        Err("must be a paragraph of Schedule 12A to the Local Government Act 1972, 1 to 7".into())
    }
}

/// The short description of each Schedule 12A paragraph.
pub fn schedule_12a_description(p: i32) -> &'static str {
    match p {
        1 => "Information relating to any individual",
        2 => "Information which is likely to reveal the identity of an individual",
        3 => "Information relating to the financial or business affairs of any particular person (including the authority holding that information)",
        4 => "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, in connection with any labour relations matter",
        5 => "Information in respect of which a claim to legal professional privilege could be maintained in legal proceedings",
        6 => "Information which reveals that the authority proposes to give a notice or make an order or direction under any enactment",
        7 => "Information relating to any action taken or to be taken in connection with the prevention, investigation or prosecution of crime",
        _ => "Exempt information",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_value_lists_the_allowed_ones() {
        let err = one_of("chairman", MEMBERSHIP_ROLES).unwrap_err();
        assert!(err.contains("vice_chair"));
        assert_eq!(one_of("chair", MEMBERSHIP_ROLES).unwrap(), "chair");
    }

    #[test]
    fn schedule_12a_has_seven_paragraphs() {
        assert!(schedule_12a_paragraph(0).is_err());
        assert!(schedule_12a_paragraph(8).is_err());
        assert_eq!(schedule_12a_paragraph(7).unwrap(), 7);
    }
}
