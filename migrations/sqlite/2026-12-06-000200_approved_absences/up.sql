-- The six-month rule (Local Government Act 1972 s.85): an absence the
-- council approved, against the resolution that approved it, stops a
-- member's clock while it runs.
CREATE TABLE approved_absences (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    approved_on DATE NOT NULL,
    until DATE,
    resolution TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX approved_absences_person ON approved_absences (person_id, approved_on);
-- The attendance record reads a member's attendance across meetings.
CREATE INDEX attendance_person ON attendance (person_id, meeting_id);
